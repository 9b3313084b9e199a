package org.cortexflow.tasks.io;

import java.util.Optional;

/** Units of voltage as EEG files write them ("uV", "µV", "μV", "mV", ...), to scale data to volts. */
public final class VoltUnits {

    private VoltUnits() {
    }

    /** Volts per unit, or empty when {@code unit} is not a voltage (Boolean, µS, °C, %, ...). */
    public static Optional<Double> toVolts(String unit) {
        String u = unit.strip().replace('\u03BC', '\u00B5');
        return switch (u) {
            case "V" -> Optional.of(1.0);
            case "mV" -> Optional.of(1e-3);
            case "\u00B5V", "uV", "UV", "microV", "microvolt", "microvolts" -> Optional.of(1e-6);
            case "nV" -> Optional.of(1e-9);
            default -> Optional.empty();
        };
    }
}
