package dev.syncline.bench;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time one thread has used so far, as Linux reports it in {@code /proc/<pid>/task/<tid>/stat},
 * and the kind of work its name says it does. A whole-process figure cannot tell a JVM still compiling
 * from one doing the work; its threads' names can.
 *
 * @param comm the thread's name, cut to 15 characters by Linux
 * @param ticks user plus system time, in clock ticks
 */
record ThreadCpu(String comm, long ticks) {
    /** {@code /proc} counts in USER_HZ, which is 100 on Linux whatever tick rate the kernel itself runs at. */
    static final double TICKS_PER_SECOND = 100;

    /** What a JVM thread spends its CPU on, as far as its name tells. */
    enum Kind {
        JIT, GC, APP;

        static Kind of(String comm) {
            // Prefixes, because Linux keeps only 15 characters and the JVM numbers its threads.
            if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") || comm.startsWith("Sweeper thread")) {
                return JIT;
            }
            // The VM Thread runs safepoints of every kind, not only collections, so it stays with the application.
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("Parallel GC") || comm.startsWith("ParGC")) {
                return GC;
            }
            return APP;
        }
    }

    Kind kind() {
        return Kind.of(comm);
    }

    /**
     * One stat line. The name sits in parentheses and may itself hold spaces and parentheses, so the
     * fields are counted from the last {@code ')'}: the state is field 3, utime and stime fields 14 and 15.
     */
    static ThreadCpu parse(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).strip().split(" ");
        int utime = 14 - 3;
        if (fields.length <= utime + 1) {
            throw new IllegalArgumentException("not a stat line: " + statLine);
        }
        return new ThreadCpu(statLine.substring(open + 1, close), Long.parseLong(fields[utime]) + Long.parseLong(fields[utime + 1]));
    }

    /**
     * The threads of a process, by tid; empty where there is no {@code /proc} to read (not Linux) or the
     * process is gone.
     */
    static Map<Long, ThreadCpu> read(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()), parse(Files.readString(task.resolve("stat"))));
                } catch (IOException e) {
                    // The thread ended between the listing and the read; its last sample stands.
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // No /proc, or the process ended: what was read so far is all there is.
        }
        return threads;
    }
}
