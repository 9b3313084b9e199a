package org.cortexflow.engine.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The GPU devices this host offers, by id. Declared ({@code --gpus 0,1}) or, when not declared,
 * listed by {@code nvidia-smi} if it is on the PATH; a host without it has none, and nothing is
 * probed that could crash there.
 *
 * @param slotsPerDevice how many tasks may share one device (1: never shared)
 */
public record GpuInventory(List<String> devices, int slotsPerDevice) {

    public static final GpuInventory NONE = new GpuInventory(List.of(), 1);

    public GpuInventory {
        devices = List.copyOf(devices);
        if (slotsPerDevice < 1) {
            throw new IllegalArgumentException("slots per device must be at least 1");
        }
    }

    public static GpuInventory declared(String csv, int slotsPerDevice) {
        List<String> ids = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                ids.add(s.trim());
            }
        }
        return new GpuInventory(ids, slotsPerDevice);
    }

    /** Asks nvidia-smi for device indices; no devices if it is absent, fails or hangs. */
    public static GpuInventory detect() {
        boolean onPath = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi"))) {
                onPath = true;
                break;
            }
        }
        if (!onPath) {
            return NONE;
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            List<String> ids = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.trim().matches("\\d+")) {
                        ids.add(line.trim());
                    }
                }
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return NONE;
            }
            return new GpuInventory(ids, 1);
        } catch (Exception e) {
            return NONE;
        }
    }

    public int count() {
        return devices.size();
    }
}
