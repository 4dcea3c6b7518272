package dev.hearth.engine.synth;

/** Chat templates for synthetic models whose vocabulary does not bring one. */
public final class ChatTemplates {

    /** ChatML, as Qwen uses; llama.cpp recognises it by {@code <|im_start|>}. */
    public static final String CHATML = """
            {%- for message in messages -%}
            {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}""";

    /** The Llama 3 turn format without tool support; llama.cpp recognises it by its header tokens. */
    public static final String LLAMA3 = """
            {{- bos_token -}}
            {%- for message in messages -%}
            {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}{%- endif -%}""";

    private ChatTemplates() {
    }
}
