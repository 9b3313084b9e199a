package org.cortexflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.synth.Cancel;
import org.cortexflow.tasks.synth.MusicSet;
import org.cortexflow.tasks.synth.SynthDeap;
import org.cortexflow.tasks.synth.SynthEeg;
import org.cortexflow.tasks.synth.SynthFmri;
import org.cortexflow.tasks.synth.SynthMusic;
import org.cortexflow.tasks.synth.SynthParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "synth", description = {"Generate a synthetic study with a planted ground truth, outside a workflow:",
    "the songs (synth.music) and the recordings (synth.eeg, synth.fmri or synth.deap) in one directory.",
    "See docs/synth.md for what is planted and the layouts."})
final class SynthCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KIND", description = "nmedt (EEG, NMED-T-like), gtzan-fmri (ds003720-like) or deap")
    String kind;

    @Option(names = "--size", paramLabel = "SIZE", description = "tiny, small or full (default: small)")
    String size = "small";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (new or empty)")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the songs and the subjects (default: 42)")
    Long seed;

    @Option(names = "--format", paramLabel = "FMT", description = "nmedt: bdf (default) or edf")
    String format;

    @Option(names = "--mat", description = "nmedt: also write NMED-T raw-style MAT v7.3 files (nmedt/S01_1.mat ...)")
    boolean mat;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "any parameter of synth.music or of the study task (`cortexflow tasks describe synth.eeg`)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = "subjects and songs generated at once (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        TaskType study = switch (kind.toLowerCase(Locale.ROOT)) {
            case "nmedt" -> new SynthEeg();
            case "gtzan-fmri", "fmri" -> new SynthFmri();
            case "deap" -> new SynthDeap();
            default -> throw new UserError("unknown study kind '" + kind + "'", "choose nmedt, gtzan-fmri or deap");
        };
        String preset = study instanceof SynthEeg ? "nmedt" : study instanceof SynthFmri ? "gtzan" : "deap";
        TaskType musicType = new SynthMusic();
        Map<String, Object> musicParams = new LinkedHashMap<>();
        Map<String, Object> studyParams = new LinkedHashMap<>();
        musicParams.put("preset", preset);
        musicParams.put("size", size);
        studyParams.put("size", size);
        if (seed != null) {
            musicParams.put("seed", seed);
            studyParams.put("seed", seed);
        }
        if (format != null) {
            requireNmedt(study, "--format");
            studyParams.put("format", format);
        }
        if (mat) {
            requireNmedt(study, "--mat");
            studyParams.put("nmedt_mat", true);
        }
        for (var e : params.entrySet()) {
            Object value = ExecCommand.parse(e.getValue());
            if (study.param(e.getKey()).isPresent()) {
                studyParams.put(e.getKey(), value);
            } else if (musicType.param(e.getKey()).isPresent()) {
                musicParams.put(e.getKey(), value);
            } else {
                throw new UserError("neither synth.music nor " + study.name() + " has a parameter '" + e.getKey() + "'",
                        "`cortexflow tasks describe " + study.name() + "` lists them");
            }
        }
        try (Stream<Path> s = Files.exists(out) ? Files.list(out) : Stream.empty()) {
            if (s.findAny().isPresent()) {
                throw new UserError("output directory " + out + " is not empty", "choose a new --out directory");
            }
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(out);
            SynthParams mp = SynthParams.resolve(musicType, musicParams);
            SynthParams sp = SynthParams.resolve(study, studyParams);
            System.err.println("synth: " + study.name() + " (" + size + ") into " + out + " ...");
            MusicSet music = SynthMusic.generate(mp, out, threads, Cancel.NEVER);
            if (study instanceof SynthEeg) {
                SynthEeg.generate(sp, music, out, threads, Cancel.NEVER);
            } else if (study instanceof SynthFmri) {
                SynthFmri.generate(sp, music, null, out, threads, Cancel.NEVER);
            } else {
                SynthDeap.generate(sp, music, out, threads, Cancel.NEVER);
            }
        } catch (TaskFailure e) {
            throw new UserError(e.getMessage(), e instanceof FileFormatError ? "" : "see docs/synth.md");
        }
        long[] totals = totals(out);
        System.out.printf(Locale.ROOT, "wrote %s: %d files, %.1f MB in %.1f s (ground truth: %s)%n", out, totals[0],
                totals[1] / 1e6, (System.nanoTime() - t0) / 1e9, out.resolve(MusicSet.GROUND_TRUTH));
        return 0;
    }

    private void requireNmedt(TaskType study, String option) {
        if (!(study instanceof SynthEeg)) {
            throw new UserError(option + " applies to nmedt studies only", "");
        }
    }

    private static long[] totals(Path dir) throws IOException {
        long[] t = new long[2];
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                t[0]++;
                try {
                    t[1] += Files.size(p);
                } catch (IOException e) {
                    // counted as empty
                }
            });
        }
        return t;
    }
}
