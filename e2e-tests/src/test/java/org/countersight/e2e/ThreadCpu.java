package org.countersight.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process split by what its threads do, from Linux's {@code /proc/<pid>/task/*}: the JIT compilers,
 * the garbage collector, and the rest (the work itself). A short benchmark run on a fresh JVM spends much of its CPU
 * compiling; a service that runs for weeks does not, so the benchmark reports the work apart from the JIT. Threads
 * that ended between two readings leave their time in {@code work} (the process total keeps it). Zero everywhere
 * when {@code /proc} is not there.
 */
record ThreadCpu(double total, double jit, double gc) {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final double TICKS = 100.0;

    double work() {
        return total - jit - gc;
    }

    ThreadCpu minus(ThreadCpu before) {
        return new ThreadCpu(total - before.total, jit - before.jit, gc - before.gc);
    }

    static ThreadCpu of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        double total = ticks(proc.resolve("stat"));
        double jit = 0;
        double gc = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException ended) {
                    continue;
                }
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    jit += ticks(task.resolve("stat"));
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
                    gc += ticks(task.resolve("stat"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(total, 0, 0);
        }
        return new ThreadCpu(total, jit, gc);
    }

    /** utime + stime of a {@code stat} file, in seconds (fields 14 and 15, counted after the command's ")"). */
    private static double ticks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
