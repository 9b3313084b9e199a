package org.cortexflow.dsl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.FrozenMap;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;

/**
 * A loaded {@link Workflow} as compact bytes and back, for {@link LoadCache}. Numbers are varints;
 * each distinct string is written once and then referred to by number (a 10,000-task workflow
 * repeats its file name, keys and type names in every task). Decoding a damaged buffer throws
 * {@link IllegalArgumentException}, never anything else.
 */
final class WorkflowCodec {

    private WorkflowCodec() {
    }

    static byte[] encode(Workflow w) {
        Writer out = new Writer();
        out.string(w.name());
        out.string(w.source());
        out.values(w.params());
        out.uint(w.tasks().size());
        w.tasks().values().forEach(out::task);
        out.uint(w.variants().size());
        w.variants().forEach(out::values);
        out.bool(w.schedule().isPresent());
        w.schedule().ifPresent(out::string);
        return out.bytes();
    }

    static Workflow decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        try {
            String name = in.string();
            String source = in.string();
            Map<String, Value> params = in.values();
            int n = in.count();
            FrozenMap.Builder<String, TaskSpec> tasks = FrozenMap.builder(n);
            for (int i = 0; i < n; i++) {
                TaskSpec t = in.task();
                tasks.put(t.id(), t);
            }
            int variantCount = in.count();
            List<Map<String, Value>> variants = new ArrayList<>(variantCount);
            for (int i = 0; i < variantCount; i++) {
                variants.add(in.values());
            }
            Optional<String> schedule = in.bool() ? Optional.of(in.string()) : Optional.empty();
            if (in.at != bytes.length) {
                throw new IllegalArgumentException("trailing bytes after the workflow");
            }
            return new Workflow(name, source, params, tasks.build(), variants, schedule);
        } catch (ArrayIndexOutOfBoundsException | ArithmeticException | IllegalStateException e) {
            throw new IllegalArgumentException("damaged workflow bytes at offset " + in.at, e);
        }
    }

    private static final int TEXT = 0;
    private static final int INT = 1;
    private static final int REAL = 2;
    private static final int BOOL = 3;
    private static final int TIME = 4;
    private static final int BYTES = 5;
    private static final int ITEMS = 6;
    private static final int FIELDS = 7;

    private static final class Writer {
        private byte[] buf = new byte[1 << 16];
        private int at;
        private final Map<String, Integer> strings = new HashMap<>();

        byte[] bytes() {
            return Arrays.copyOf(buf, at);
        }

        private void ensure(int more) {
            if (at + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, at + more));
            }
        }

        void uint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[at++] = (byte) v;
        }

        void sint(long v) {
            uint((v << 1) ^ (v >> 63));
        }

        void bool(boolean b) {
            uint(b ? 1 : 0);
        }

        /** 0 and the bytes for a new string, else 1 + the number of the earlier one. */
        void string(String s) {
            Integer seen = strings.get(s);
            if (seen != null) {
                uint(seen + 1L);
                return;
            }
            strings.put(s, strings.size());
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            uint(0);
            uint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, at, utf8.length);
            at += utf8.length;
        }

        void location(Location l) {
            string(l.file());
            uint(l.line());
            uint(l.column());
        }

        void value(Value v) {
            if (v instanceof Value.Text t) {
                uint(TEXT);
                string(t.value());
            } else if (v instanceof Value.Int i) {
                uint(INT);
                sint(i.value());
            } else if (v instanceof Value.Real r) {
                uint(REAL);
                ensure(8);
                long bits = Double.doubleToRawLongBits(r.value());
                for (int k = 0; k < 8; k++) {
                    buf[at++] = (byte) (bits >>> (8 * k));
                }
            } else if (v instanceof Value.Bool b) {
                uint(BOOL);
                bool(b.value());
            } else if (v instanceof Value.Time t) {
                uint(TIME);
                sint(t.value().getSeconds());
                uint(t.value().getNano());
            } else if (v instanceof Value.Bytes b) {
                uint(BYTES);
                sint(b.value());
            } else if (v instanceof Value.Items items) {
                uint(ITEMS);
                uint(items.values().size());
                items.values().forEach(this::value);
            } else {
                uint(FIELDS);
                values(((Value.Fields) v).values());
            }
        }

        void values(Map<String, Value> m) {
            uint(m.size());
            m.forEach((k, v) -> {
                string(k);
                value(v);
            });
        }

        void task(TaskSpec t) {
            string(t.id());
            string(t.type());
            uint(t.inputs().size());
            t.inputs().forEach((name, ref) -> {
                string(name);
                string(ref.task());
                bool(ref.output().isPresent());
                ref.output().ifPresent(this::string);
            });
            values(t.params());
            Resources r = t.resources();
            uint(r.cpus());
            uint(r.memoryBytes());
            uint(r.gpus());
            bool(r.gpuOptional());
            uint(t.retry());
            uint(t.onError().ordinal());
            bool(t.timeout().isPresent());
            t.timeout().ifPresent(d -> {
                sint(d.getSeconds());
                uint(d.getNano());
            });
            uint(t.where().size());
            t.where().forEach((k, l) -> {
                string(k);
                location(l);
            });
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int at;
        private final List<String> strings = new ArrayList<>();

        Reader(byte[] buf) {
            this.buf = buf;
        }

        long ulong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[at++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("a number longer than 64 bits at offset " + at);
        }

        int uint() {
            long v = ulong();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a number out of range at offset " + at);
            }
            return (int) v;
        }

        /** A count of things still to read: each takes at least one byte, so it cannot exceed what is left. */
        int count() {
            int n = uint();
            if (n > buf.length - at) {
                throw new IllegalArgumentException("a count of " + n + " with " + (buf.length - at) + " bytes left");
            }
            return n;
        }

        long slong() {
            long v = ulong();
            return (v >>> 1) ^ -(v & 1);
        }

        boolean bool() {
            int v = uint();
            if (v > 1) {
                throw new IllegalArgumentException("not a boolean at offset " + at);
            }
            return v == 1;
        }

        String string() {
            int ref = uint();
            if (ref > 0) {
                if (ref > strings.size()) {
                    throw new IllegalArgumentException("a reference to an unknown string at offset " + at);
                }
                return strings.get(ref - 1);
            }
            int length = count();
            String s = new String(buf, at, length, StandardCharsets.UTF_8);
            at += length;
            strings.add(s);
            return s;
        }

        Location location() {
            return new Location(string(), uint(), uint());
        }

        Value value() {
            int tag = uint();
            switch (tag) {
                case TEXT:
                    return new Value.Text(string());
                case INT:
                    return new Value.Int(slong());
                case REAL:
                    long bits = 0;
                    for (int k = 0; k < 8; k++) {
                        bits |= (buf[at++] & 0xFFL) << (8 * k);
                    }
                    return new Value.Real(Double.longBitsToDouble(bits));
                case BOOL:
                    return new Value.Bool(bool());
                case TIME:
                    return new Value.Time(Duration.ofSeconds(slong(), uint()));
                case BYTES:
                    return new Value.Bytes(slong());
                case ITEMS:
                    int n = count();
                    List<Value> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(value());
                    }
                    return new Value.Items(items);
                case FIELDS:
                    return new Value.Fields(values());
                default:
                    throw new IllegalArgumentException("unknown value tag " + tag + " at offset " + at);
            }
        }

        Map<String, Value> values() {
            int n = count();
            FrozenMap.Builder<String, Value> m = FrozenMap.builder(n);
            for (int i = 0; i < n; i++) {
                m.put(string(), value());
            }
            return m.build();
        }

        TaskSpec task() {
            String id = string();
            String type = string();
            int n = count();
            FrozenMap.Builder<String, InputRef> inputs = FrozenMap.builder(n);
            for (int i = 0; i < n; i++) {
                String name = string();
                String task = string();
                inputs.put(name, new InputRef(task, bool() ? Optional.of(string()) : Optional.empty()));
            }
            Map<String, Value> params = values();
            Resources resources = new Resources(uint(), ulong(), uint(), bool());
            int retry = uint();
            int onError = uint();
            if (onError >= OnError.values().length) {
                throw new IllegalArgumentException("unknown on_error " + onError + " at offset " + at);
            }
            Optional<Duration> timeout = bool() ? Optional.of(Duration.ofSeconds(slong(), uint())) : Optional.empty();
            int w = count();
            FrozenMap.Builder<String, Location> where = FrozenMap.builder(w);
            for (int i = 0; i < w; i++) {
                where.put(string(), location());
            }
            return new TaskSpec(id, type, inputs.build(), params, resources, retry, OnError.values()[onError], timeout,
                    where.build());
        }
    }
}
