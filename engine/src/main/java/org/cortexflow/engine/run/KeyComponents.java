package org.cortexflow.engine.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.Keys;
import org.cortexflow.engine.model.Value;

/**
 * Everything a task's cache key is made of, and nothing else: the task type, its implementation
 * version, its parameters after defaults, the content digests of its inputs, and the content
 * digests of files named by its path parameters. Never task names, run ids or resources.
 */
public record KeyComponents(String type, String version, Map<String, Value> params, Map<String, Digest> inputs,
                            Map<String, Digest> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public KeyComponents {
        params = new TreeMap<>(params);
        inputs = new TreeMap<>(inputs);
        files = new TreeMap<>(files);
    }

    /** The cache key: SHA-256 over the canonical encoding (scheme version included by {@link Keys}). */
    public Digest key() {
        Map<String, Object> p = new TreeMap<>();
        params.forEach((k, v) -> p.put(k, v.canonical()));
        return Keys.hash("task", type, version, p, inputs, files); // inputs and files are sorted maps
    }

    /** A JSON record of the components, stored with the entry so that {@code explain} can diff keys. */
    public String toJson() {
        // written field by field (params, inputs and files are sorted maps already): one per task run
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("scheme", Keys.SCHEME);
            g.writeStringField("type", type);
            g.writeStringField("version", version);
            g.writeObjectFieldStart("params");
            for (var p : params.entrySet()) {
                g.writeStringField(p.getKey(), p.getValue().display());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("inputs");
            for (var in : inputs.entrySet()) {
                g.writeStringField(in.getKey(), in.getValue().hex());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("files");
            for (var f : files.entrySet()) {
                g.writeStringField(f.getKey(), f.getValue().hex());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One line per component that differs from {@code previous} (a {@link #toJson()} record). */
    public List<String> differencesFrom(String previous) {
        List<String> out = new ArrayList<>();
        JsonNode old;
        try {
            old = JSON.readTree(previous);
        } catch (JsonProcessingException e) {
            out.add("the previous key record is unreadable");
            return out;
        }
        if (!Keys.SCHEME.equals(old.path("scheme").asText())) {
            out.add("key scheme " + old.path("scheme").asText() + " -> " + Keys.SCHEME);
        }
        if (!type.equals(old.path("type").asText())) {
            out.add("task type " + old.path("type").asText() + " -> " + type);
        }
        if (!version.equals(old.path("version").asText())) {
            out.add("implementation version " + old.path("version").asText() + " -> " + version);
        }
        Map<String, String> now = new TreeMap<>();
        params.forEach((k, v) -> now.put(k, v.display()));
        diff("parameter", textMap(old.path("params")), now, out, false);
        Map<String, String> in = new TreeMap<>();
        inputs.forEach((k, v) -> in.put(k, v.hex()));
        diff("input", textMap(old.path("inputs")), in, out, true);
        Map<String, String> f = new TreeMap<>();
        files.forEach((k, v) -> f.put(k, v.hex()));
        diff("file of parameter", textMap(old.path("files")), f, out, true);
        return out;
    }

    private static Map<String, String> textMap(JsonNode node) {
        Map<String, String> m = new TreeMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static void diff(String what, Map<String, String> before, Map<String, String> after, List<String> out,
                             boolean digests) {
        TreeMap<String, String> all = new TreeMap<>(before);
        all.putAll(after);
        for (String k : all.keySet()) {
            String a = before.get(k);
            String b = after.get(k);
            if (!Objects.equals(a, b)) {
                String suffix = digests ? " digest" : "";
                out.add(what + " " + k + suffix + " " + (a == null ? "(absent)" : brief(a, digests)) + " -> "
                        + (b == null ? "(absent)" : brief(b, digests)));
            }
        }
    }

    private static String brief(String s, boolean digest) {
        return digest && s.length() > 12 ? s.substring(0, 12) : s;
    }
}
