package org.cortexflow.tasks.io.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.cortexflow.tasks.artifact.FileFormatError;

/** Opens an audio file by what its first bytes say (not by its name). */
public final class AudioFiles {

    /** File name endings that {@code audio.read} picks up in a directory. */
    public static final Set<String> EXTENSIONS = Set.of("wav", "wave", "au", "snd", "aif", "aiff", "aifc", "flac", "ogg", "oga", "mp3");

    private AudioFiles() {
    }

    public static boolean looksLikeAudio(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }

    public static AudioSource open(Path file) throws IOException, FileFormatError {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        byte[] m = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(m, 0, 12);
        }
        String s = new String(m, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (n >= 12 && (s.startsWith("RIFF") || s.startsWith("RF64")) && s.startsWith("WAVE", 8)) {
            return WavReader.open(file);
        }
        if (s.startsWith(".snd")) {
            return AuReader.open(file);
        }
        if (n >= 12 && s.startsWith("FORM") && (s.startsWith("AIFF", 8) || s.startsWith("AIFC", 8))) {
            return AiffReader.open(file);
        }
        if (s.startsWith("fLaC")) {
            return FlacSource.open(file);
        }
        if (s.startsWith("OggS")) {
            return VorbisSource.open(file);
        }
        if (s.startsWith("ID3") || n >= 2 && (m[0] & 0xFF) == 0xFF && (m[1] & 0xE0) == 0xE0) {
            return Mp3Source.open(file);
        }
        throw new FileFormatError(file, 0, "magic", "not a recognised audio file (first bytes " + hex(m, n) + ")",
                "supported: WAV, AU, AIFF/AIFF-C, FLAC, Ogg Vorbis, MP3");
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.length() == 0 ? "none: empty file" : sb.toString();
    }
}
