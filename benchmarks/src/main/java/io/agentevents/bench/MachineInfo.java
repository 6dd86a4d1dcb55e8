package io.agentevents.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the benchmark ran on: cores, CPU model, memory, Java, OS, load. Linux details are null elsewhere. */
final class MachineInfo {
    private MachineInfo() {
    }

    static Map<String, Object> collect() {
        return JsonFields.ordered("nproc", Runtime.getRuntime().availableProcessors(),
                "cpu_model", cpuModel(lines(Path.of("/proc/cpuinfo"))),
                "memory_mb", memoryMb(lines(Path.of("/proc/meminfo"))),
                "java_version", System.getProperty("java.version"),
                "java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                "load_average_at_start", loadAverage());
    }

    /** The 1-minute load average (other work on the machine skews every figure), or null. */
    static Double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? null : Math.round(load * 100) / 100.0;
    }

    static String cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("model name") && line.contains(":")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    static Long memoryMb(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]) / 1024;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
