package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * Text files of the formats we read (BIDS tables and sidecars, BrainVision headers): decoded
 * strictly, so that a file in the wrong encoding is reported with the offset of its first bad byte
 * instead of turning into replacement characters.
 */
public final class TextFiles {

    /** Text headers and sidecars are small; anything larger is not what it claims to be. */
    public static final long MAX_TEXT_BYTES = 64L << 20;

    private TextFiles() {
    }

    /** Reads {@code file} as UTF-8 (a leading byte-order mark is dropped). */
    public static String readUtf8(Path file) throws IOException, FileFormatError {
        return read(file, StandardCharsets.UTF_8);
    }

    /** Reads {@code file} in {@code charset}; malformed bytes are a {@link FileFormatError} at their offset. */
    public static String read(Path file, Charset charset) throws IOException, FileFormatError {
        long size = Files.size(file);
        if (size > MAX_TEXT_BYTES) {
            throw new FileFormatError(file, 0, "size", "a " + size + "-byte text file is larger than any header or"
                    + " table this reader expects (" + MAX_TEXT_BYTES + " bytes)", "is this the right file?");
        }
        return decode(file, Files.readAllBytes(file), charset);
    }

    /** Decodes {@code bytes} (the content of {@code file}) strictly. */
    public static String decode(Path file, byte[] bytes, Charset charset) throws FileFormatError {
        int start = 0;
        if (charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        CharsetDecoder dec = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L,
                (long) ((bytes.length - start) * (double) dec.maxCharsPerByte()) + 1));
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            throw new FileFormatError(file, at, "text", "byte 0x" + String.format("%02X", bytes[at] & 0xFF)
                    + " is not valid " + charset.name(), charset.equals(StandardCharsets.UTF_8)
                    ? "save the file as UTF-8 (BIDS text files must be UTF-8)" : "check the file's declared encoding");
        }
        out.flip();
        return out.toString();
    }

    /** Whether {@code bytes} decode as {@code charset} without error. */
    public static boolean isValid(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
