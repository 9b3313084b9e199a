package org.cortexflow.tasks.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.io.audio.AudioFiles;
import org.cortexflow.tasks.io.audio.AudioWriter;

/** Reads audio files (WAV, AU, AIFF, FLAC, Ogg Vorbis, MP3) into audio artifacts; a directory becomes a set of clips. */
public final class AudioRead implements TaskType {

    private static final List<PortSpec> INPUTS = List.of(ReadSource.FROM);

    private static final List<ParamSpec> PARAMS = List.of(
            ReadSource.path("an audio file, or a directory of them (a set: clips.tsv, stimulus = file stem, e.g. 21.wav -> 21)"),
            ReadSource.WITHIN,
            ParamSpec.optional("rate", ParamType.FLOAT, 0.0,
                    "resample to this rate with a polyphase Kaiser-windowed FIR (as scipy.signal.resample_poly); 0 keeps the file's rate")
                    .unit("Hz").atLeast(0),
            ParamSpec.optional("mono", ParamType.BOOL, false, "average the channels into one"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("audio", ArtifactKind.AUDIO,
            "audio.npy float32 [channels, samples] in [-1, 1] and meta.json; a set with clips.tsv for a directory"));

    @Override
    public String name() {
        return "audio.read";
    }

    @Override
    public String version() {
        return "2"; // 2: meta.json names a file read from input `from` by its place in it, not the store's path
    }

    @Override
    public String summary() {
        return "Read WAV, AU, AIFF, FLAC, Ogg Vorbis or MP3 audio into audio artifacts, optionally resampled or mixed to mono";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        Path path = ReadSource.resolve(ctx);
        AudioWriter.Options opt = new AudioWriter.Options(ctx.real("rate"), ctx.bool("mono"));
        Path out = ctx.output("audio");
        if (!Files.isDirectory(path)) {
            log(ctx, path, AudioWriter.write(path, opt, out, Map.of("source", ReadSource.recorded(ctx, path))));
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(path)) {
            files = s.filter(Files::isRegularFile).filter(AudioFiles::looksLikeAudio).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new TaskFailure("no audio files (" + String.join(", ", AudioFiles.EXTENSIONS.stream().sorted().toList())
                    + ") in " + path);
        }
        Map<String, Path> byId = new HashMap<>();
        List<ItemIndex.Item> items = new ArrayList<>();
        for (Path f : files) {
            if (ctx.cancelled()) {
                throw new TaskFailure("cancelled");
            }
            String stem = stem(f);
            String id = stem.replaceAll("[^A-Za-z0-9._-]", "_");
            Path before = byId.put(id, f);
            if (before != null) {
                throw new TaskFailure("two audio files give the clip id '" + id + "': " + before.getFileName() + " and "
                        + f.getFileName() + "; keep one of them in " + path);
            }
            Path dir = Files.createDirectories(out.resolve(id));
            Map<String, Object> meta = AudioWriter.write(f, opt, dir, Map.of("stimulus", stem, "source", ReadSource.recorded(ctx, f)));
            log(ctx, f, meta);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("stimulus", stem);
            fields.put("genre", genre(meta));
            fields.put("sample_rate", String.valueOf(meta.get("sample_rate")));
            fields.put("n_channels", String.valueOf(meta.get("n_channels")));
            fields.put("duration_s", String.valueOf(meta.get("duration_s")));
            fields.put("source", f.getFileName().toString());
            items.add(new ItemIndex.Item(id, dir, fields));
        }
        ItemIndex.write(out, ItemIndex.CLIPS, List.of("stimulus", "genre", "sample_rate", "n_channels", "duration_s", "source"), items);
    }

    static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    @SuppressWarnings("unchecked")
    private static String genre(Map<String, Object> meta) {
        Object file = meta.get("file");
        if (file instanceof Map<?, ?> m && m.get("tags") instanceof Map<?, ?> tags && tags.get("genre") != null) {
            return String.valueOf(tags.get("genre"));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void log(TaskContext ctx, Path file, Map<String, Object> meta) {
        for (String w : (List<String>) meta.getOrDefault("warnings", List.of())) {
            ctx.log().println("warning: " + file + ": " + w);
        }
    }
}
