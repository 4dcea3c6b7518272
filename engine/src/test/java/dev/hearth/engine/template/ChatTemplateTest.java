package dev.hearth.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Focused checks of the jinja2 semantics the chat templates rely on; expectations are what Python's jinja2 prints. */
class ChatTemplateTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 1, 15, 9, 5, 3);

    private static String render(String template) {
        return render(template, Map.of());
    }

    private static String render(String template, Map<String, Object> variables) {
        return ChatTemplate.parse(template).render(variables, NOW);
    }

    private static TemplateException failure(String template) {
        return assertThrows(TemplateException.class, () -> render(template));
    }

    @Test
    void trimBlocksAndLstripBlocksAndDropTheTrailingNewline() {
        assertEquals("  x\n", render("{% if true %}\n  x\n{% endif %}\n"));
        assertEquals("x", render("    {% if true %}x{% endif %}"));
        assertEquals("    x", render("    {%+ if true %}x{% endif %}"));
        assertEquals("a\nb", render("{{ 'a' }}\nb"));
        assertEquals("a\nb", render("a\n  {# comment #}\nb"));
        assertEquals("a\n\n", render("a\n\n\n", Map.of()).substring(0, 3));
    }

    @Test
    void minusStripsAllAdjacentWhitespace() {
        assertEquals("ab", render("a \n {%- if true -%} \n b{% endif %}"));
        assertEquals("a|b", render("a  {{- '|' -}}\n\n  b"));
        assertEquals("[1,2]", render("[{% for i in [1, 2] -%}\n  {{ i }}{{ ',' if not loop.last }}\n{%- endfor %}]"));
    }

    @Test
    void undefinedPrintsEmptyButRaisesOnAccessAndArithmetic() {
        assertEquals("||x|False|0|", render("|{{ missing }}|{{ missing ~ 'x' }}|{{ missing is defined }}|{{ missing | length }}|"
                + "{% for i in missing %}never{% endfor %}"));
        assertEquals("UndefinedError", failure("{{ missing.attribute }}").pythonClass());
        assertEquals("UndefinedError", failure("{{ missing + 1 }}").pythonClass());
        assertEquals("UndefinedError", failure("{{ missing | tojson }}").pythonClass());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("content", null);
        assertEquals("None|True|False", render("{{ m.content }}|{{ m.content is none }}|{{ m.other is defined }}",
                Map.of("m", message)));
        assertEquals("'str object' has no attribute 'items'",
                assertThrows(TemplateException.class, () -> render("{{ s.items() }}", Map.of("s", "x"))).detail());
    }

    @Test
    void valuesPrintAsPythonStr() {
        assertEquals("{'a': 1, 'b': [True, None, 2.5, \"it's\"]}", render("{{ {'a': 1, 'b': [true, none, 2.5, \"it's\"]} }}"));
        assertEquals("(1,)|('a', 2)|1e+20|0.30000000000000004|1e-05|2.5|3|-4|2|1024",
                render("{{ (1,) }}|{{ ('a', 2) }}|{{ 1e20 }}|{{ 0.1 + 0.2 }}|{{ 0.00001 }}|{{ 10 / 4 }}|{{ 7 // 2 }}"
                        + "|{{ -7 // 2 }}|{{ -7 % 3 }}|{{ 2 ** 10 }}"));
        assertEquals("[('a', 1)]|dict_items([('a', 1)])", render("{{ d | dictsort }}|{{ d.items() }}", Map.of("d", Map.of("a", 1))));
        assertEquals("'\\n\\\\'", render("{{ [s] }}", Map.of("s", "\n\\")).replaceAll("^\\[|\\]$", ""));
    }

    @Test
    void tojsonIsPythonJsonDumps() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", "é\"\n");
        value.put("a", new ArrayList<>(List.of(1, 2.0, true)));
        value.put("c", null);
        Map<String, Object> vars = Map.of("v", value);
        assertEquals("{\"b\": \"é\\\"\\n\", \"a\": [1, 2.0, true], \"c\": null}", render("{{ v | tojson }}", vars));
        assertEquals("{\"b\": \"\\u00e9\\\"\\n\", \"a\": [1, 2.0, true], \"c\": null}", render("{{ v | tojson(ensure_ascii=true) }}", vars));
        assertEquals("{\n  \"b\": \"é\\\"\\n\",\n  \"a\": [\n    1,\n    2.0,\n    true\n  ],\n  \"c\": null\n}",
                render("{{ v | tojson(indent=2) }}", vars));
        assertEquals("{\"a\": [1, 2.0, true], \"b\": \"é\\\"\\n\", \"c\": null}", render("{{ v | tojson(sort_keys=true) }}", vars));
        assertEquals("TypeError", failure("{{ [1] | map('string') | tojson }}").pythonClass());
    }

    @Test
    void loopControlsAndLoopVariables() {
        assertEquals("013", render("{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}"
                + "{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}"));
        assertEquals("1a-T2b" + "a" + "F3cb" + "L",
                render("{% for x in ['a', 'b', 'c'] %}{{ loop.index }}{{ x }}{{ loop.previtem | default('-') }}"
                        + "{{ 'T' if loop.first }}{{ 'F' if loop.revindex0 == 1 }}{{ 'L' if loop.last }}{% endfor %}"));
        assertEquals("empty", render("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"));
        assertEquals("2,4", render("{% for x in [1, 2, 3, 4] if x is even %}{{ x }}{{ ',' if not loop.last }}{% endfor %}"));
        assertEquals("a=1;b=2;", render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
                Map.of("d", new LinkedHashMap<>(Map.of("a", 1)) {{ put("b", 2); }})));
        assertEquals("TypeError", failure("{% for x in none %}{% endfor %}").pythonClass());
        assertEquals("TemplateSyntaxError", failure("{% break %}").pythonClass());
    }

    @Test
    void slicingAndLengthCountCodePoints() {
        assertEquals("olleh|[2, 3]|[4, 3, 2, 1]|😀|3|b😀a|😀b",
                render("{{ 'hello'[::-1] }}|{{ [1, 2, 3, 4][1:3] }}|{{ [1, 2, 3, 4][::-1] }}|{{ s[1] }}|{{ s | length }}"
                        + "|{{ s[::-1] }}|{{ s[-2:] }}", Map.of("s", "a😀b")));
    }

    @Test
    void scopingNamespacesAndMacros() {
        assertEquals("1", render("{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}"));
        assertEquals("2", render("{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}"));
        assertEquals("2", render("{% set ns = namespace(x=1) %}{% for i in [1] %}{% set ns.x = 2 %}{% endfor %}{{ ns.x }}"));
        assertEquals("1d12", render("{% macro f(a, b='d') %}{{ a }}{{ b }}{% endmacro %}{{ f(1) }}{{ f(1, b=2) }}"));
        assertEquals("[x]", render("{% set t %}[{{ 'x' }}]{% endset %}{{ t }}"));
        assertEquals("AB", render("{% filter upper %}a{{ 'b' }}{% endfilter %}"));
        assertEquals("<b>", render("{% macro w() %}<{{ caller() }}>{% endmacro %}{% call w() %}b{% endcall %}"));
    }

    @Test
    void rawBlocksAndMacroArgumentChecks() {
        assertEquals("\n  {{ x }}\nend", render("  {% raw %}\n  {{ x }}\n  {% endraw %}\nend"));
        assertEquals("TypeError", failure("{% macro f() %}{% endmacro %}{{ f(1) }}").pythonClass());
        assertEquals("TypeError", failure("{% macro f(a) %}{% endmacro %}{{ f(1, b=2) }}").pythonClass());
        assertEquals("1(2,){'b': 3}", render("{% macro f(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, b=3) }}"));
        assertEquals("1||False", render("{% macro f(a, b) %}{{ a }}|{{ b }}|{{ b is defined }}{% endmacro %}{{ f(1) }}"));
    }

    @Test
    void generatorsRangesAndGroups() {
        assertEquals("range(0, 3)|[0, 1, 2]|3", render("{{ range(3) }}|{{ range(3) | list }}|{{ range(3) | length }}"));
        assertEquals("TypeError", failure("{{ range(3) | tojson }}").pythonClass());
        assertEquals("TypeError", failure("{{ [1, 2] | map('string') | length }}").pythonClass());
        assertEquals("[('X', [{'a': 'X'}, {'a': 'x'}]), ('y', [{'a': 'y'}])]|X2y1",
                render("{% set g = [{'a': 'X'}, {'a': 'x'}, {'a': 'y'}] | groupby('a') %}{{ g }}|"
                        + "{% for k in g %}{{ k.grouper }}{{ k.list | length }}{% endfor %}"));
        assertEquals("|False", render("{{ {'role': 'x'} | attr('role') }}|{{ {'role': 'x'} | attr('nope') is defined }}"));
    }

    @Test
    void immutableSandboxRejectsMutation() {
        TemplateException e = failure("{% set l = [] %}{% set _ = l.append(1) %}");
        assertEquals("SecurityError", e.pythonClass());
        assertEquals("access to attribute 'append' of 'list' object is unsafe.", e.detail());
        assertEquals("SecurityError", failure("{% set d = {} %}{{ d.update({'a': 1}) }}").pythonClass());
        assertEquals("SecurityError", failure("{{ ''.__class__() }}").pythonClass());
    }

    @Test
    void raiseExceptionMessageIsExactAndSyntaxErrorsNameTheLine() {
        TemplateException raised = failure("{{ raise_exception('Only user and assistant roles are supported!') }}");
        assertEquals("TemplateError", raised.pythonClass());
        assertEquals("Only user and assistant roles are supported!", raised.getMessage());
        TemplateException syntax = assertThrows(TemplateException.class, () -> ChatTemplate.parse("a\n{% if %}"));
        assertEquals("TemplateSyntaxError", syntax.pythonClass());
        assertEquals(2, syntax.line());
        assertThrows(TemplateException.class, () -> ChatTemplate.parse("{% for x in y %}"));
        assertThrows(TemplateException.class, () -> ChatTemplate.parse("{% endif %}"));
        assertThrows(TemplateException.class, () -> ChatTemplate.parse("{{ 'unclosed }}"));
        TemplateException runtime = failure("line1\n{{ 'a' + 1 }}");
        assertEquals(2, runtime.line());
        assertTrue(runtime.getMessage().contains("can only concatenate str (not \"int\") to str"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "{{ strftime_now('%Y-%m-%d') }} => 2026-01-15",
            "{{ strftime_now('%d %b %Y') }} => 15 Jan 2026",
            "{{ strftime_now('%B %d, %Y') }} => January 15, 2026",
            "{{ strftime_now('%A %H:%M:%S') }} => Thursday 09:05:03",
            "{{ '  a b  '.split() }} => ['a', 'b']",
            "{{ 'a,b,c'.split(',', 1) }} => ['a', 'b,c']",
            "{{ 'a,b,c'.rsplit(',', 1) }} => ['a,b', 'c']",
            "{{ 'xxhixx'.strip('x') }} => hi",
            "{{ 'abc'.startswith(('x', 'a')) }} => True",
            "{{ 'Hello {}!'.format('you') }} => Hello you!",
            "{{ ['b', 'A', 'c'] | sort }} => ['A', 'b', 'c']",
            "{{ [3, 1, 2] | sort(reverse=true) | join(',') }} => 3,2,1",
            "{{ [1, 2, 2, 3] | unique | list }} => [1, 2, 3]",
            "{{ 'hello world' | title }} => Hello World",
            "{{ 'a\\nb' | indent(2, first=true) }} => `  a\\n  b`",
            "{{ '<' | safe + '<' }} => <&lt;",
            "{{ '<' ~ ('<' | safe) }} => <<",
            "{{ 'x' if false }} => ''",
            "{{ 3 | float }} => 3.0",
            "{{ '42' | int + 1 }} => 43",
            "{{ 2.5 | round }} => 2.0",
            "{{ [1, 2, 3] | sum }} => 6",
            "{{ 1 in [1, 2] and 'a' not in 'bc' }} => True",
            "{{ none | default('d') }} => None",
            "{{ '' | default('d', true) }} => d",
            "{{ [{'a': 1}, {'a': 2}] | selectattr('a', 'equalto', 2) | map(attribute='a') | list }} => [2]",
            "{{ {'k': 'v'}.get('k') }}{{ {'k': 'v'}.get('z', '!') }} => v!",
    })
    void builtins(String template, String expected) {
        assertEquals(expected.equals("''") ? "" : expected.replace("\\n", "\n"), render(template.replace("\\n", "\n")));
    }
}
