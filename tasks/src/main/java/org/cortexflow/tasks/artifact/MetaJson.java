package org.cortexflow.tasks.artifact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An artifact's {@code meta.json}: shapes, rates, names, units, provenance. Written with sorted
 * keys and fixed formatting so that the same content gives the same bytes (and cache digests).
 */
public final class MetaJson {

    public static final String FILE = "meta.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private MetaJson() {
    }

    public static void write(Path dir, Map<String, ?> meta) throws IOException {
        MAPPER.writeValue(dir.resolve(FILE).toFile(), meta);
    }

    public static Map<String, Object> read(Path dir) throws IOException, FileFormatError {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new FileFormatError(f, -1, "", "missing meta.json", "is this directory an artifact written by cortexflow?");
        }
        try {
            return MAPPER.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new FileFormatError(f, at, "", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The mapper, for tasks that write other JSON files ({@code metrics.json}) the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
