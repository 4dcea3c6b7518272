package dev.hearth.engine.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** jinja2's namespace(): the one object whose attributes a template may assign ({@code set ns.x = ...}). */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
