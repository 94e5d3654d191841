package io.drover.node.mainlog;

import io.drover.config.LogLevel;
import io.drover.node.logs.RotatingLogFile;
import io.drover.node.logs.SyslogFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon's own activity log ({@code [supervisord] logfile} / {@code loglevel}), in supervisord's format:
 * {@code 2026-11-22 05:03:04,123 INFO spawned: 'x' with pid 42}. With {@code -n} and not {@code silent} every line
 * also goes to stdout. {@code logfile=syslog} sends each line of every record to syslog instead of a file, in
 * supervisord's format ({@link SyslogFormat}: the whole line, stamp and level included, newline-terminated).
 * Thread-safe: actors and the runtime write to it directly (one short write per line).
 */
public final class MainLog implements AutoCloseable {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,");

    /** A stamp's text up to its milliseconds, for one epoch second: the lines of a second share it. */
    private record Second(long epochSecond, String text) {
    }

    /** The last second stamped (a burst of lines formats the date once, not per line). */
    private volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    private final Optional<Path> file;
    private final LogLevel level;
    private final PrintStream stdout;
    private final long maxbytes;
    private final int backups;
    private RotatingLogFile out;
    private Consumer<byte[]> syslog;

    private MainLog(Optional<Path> file, LogLevel level, PrintStream stdout, long maxbytes, int backups) {
        this.file = file;
        this.level = level;
        this.stdout = stdout;
        this.maxbytes = maxbytes;
        this.backups = backups;
    }

    /**
     * Opens the log.
     *
     * @param file   the log file (appended to, created if missing); empty for none
     * @param level  lines below this level are dropped
     * @param stdout also print every line here (null for no console output)
     * @throws IOException when the file cannot be opened
     */
    public static MainLog open(Optional<Path> file, LogLevel level, PrintStream stdout) throws IOException {
        return open(file, level, stdout, 0, 0);
    }

    /**
     * Opens the log with supervisord's rotation ({@code logfile_maxbytes}, {@code logfile_backups}).
     *
     * @param maxbytes rotate once the file reaches this size; 0 never rotates
     * @param backups  rotated files to keep
     */
    public static MainLog open(Optional<Path> file, LogLevel level, PrintStream stdout, long maxbytes, int backups)
            throws IOException {
        MainLog log = new MainLog(file, level, stdout, maxbytes, backups);
        log.openFile();
        return log;
    }

    /** A log whose lines go to syslog through {@code sender} ({@code logfile=syslog}), and to {@code stdout}. */
    public static MainLog syslog(Consumer<byte[]> sender, LogLevel level, PrintStream stdout) {
        MainLog log = new MainLog(Optional.empty(), level, stdout, 0, 0);
        log.syslog = sender;
        return log;
    }

    /** A log that drops everything (tests, tools). */
    public static MainLog discard() {
        return new MainLog(Optional.empty(), LogLevel.CRIT, null, 0, 0);
    }

    /** The file this log writes, if any. */
    public Optional<Path> path() {
        return file;
    }

    public boolean enabled(LogLevel l) {
        return l.ordinal() >= level.ordinal();
    }

    public void critical(String msg) {
        log(LogLevel.CRIT, msg);
    }

    public void error(String msg) {
        log(LogLevel.ERRO, msg);
    }

    public void warn(String msg) {
        log(LogLevel.WARN, msg);
    }

    public void info(String msg) {
        log(LogLevel.INFO, msg);
    }

    public void debug(String msg) {
        log(LogLevel.DEBG, msg);
    }

    public void trace(String msg) {
        log(LogLevel.TRAC, msg);
    }

    public void blather(String msg) {
        log(LogLevel.BLAT, msg);
    }

    /** Writes one line if {@code l} is enabled. */
    public void log(LogLevel l, String msg) {
        if (!enabled(l)) {
            return;
        }
        Instant now = Instant.now();
        String prefix = stamp(now) + " " + l.name() + " ";
        byte[] line = (prefix + msg + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (syslog != null) {
                LocalDateTime local = LocalDateTime.ofInstant(now, ZoneId.systemDefault());
                for (String part : SyslogFormat.lines(msg)) {
                    syslog.accept(SyslogFormat.datagram(local, prefix + part + "\n"));
                }
            }
            if (out != null) {
                try {
                    out.write(line);
                } catch (IOException e) {
                    // A full disk must not take the daemon down; the console (if any) still gets the line.
                }
            }
            if (stdout != null) {
                stdout.write(line, 0, line.length);
                stdout.flush();
            }
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss,SSS} in the local time zone (an offset is whole seconds: the second's text holds). */
    private String stamp(Instant now) {
        Second second = lastSecond;
        if (second.epochSecond() != now.getEpochSecond()) {
            second = new Second(now.getEpochSecond(),
                    LocalDateTime.ofInstant(now, ZoneId.systemDefault()).format(SECOND));
            lastSecond = second;
        }
        int millis = now.getNano() / 1_000_000;
        char[] ms = {(char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10)};
        return second.text().concat(new String(ms));
    }

    /** Reopens the file (after logrotate moved it away; SIGUSR2). */
    public synchronized void reopen() throws IOException {
        closeFile();
        openFile();
    }

    /** Whether lines also go to the console (supervisord's stdout handler, in front of its file handler). */
    public boolean echoesToConsole() {
        return stdout != null;
    }

    /** Whether the log goes to a file that exists now. */
    public boolean hasFile() {
        return file.isPresent() && Files.exists(file.get());
    }

    /**
     * {@code clearLog}: removes the file and starts a new one.
     *
     * @return false when there is no log file
     */
    public synchronized boolean clear() throws IOException {
        if (!hasFile()) {
            return false;
        }
        if (out == null) {
            openFile();
        }
        out.clear();
        return true;
    }

    @Override
    public synchronized void close() {
        try {
            closeFile();
        } catch (IOException e) {
            // closing at shutdown: nothing left to tell
        }
    }

    private void openFile() throws IOException {
        if (file.isPresent()) {
            Path p = file.get();
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IOException("The directory named as part of the path " + p + " does not exist");
            }
            out = RotatingLogFile.open(p, maxbytes, backups);
        }
    }

    private void closeFile() throws IOException {
        if (out != null) {
            RotatingLogFile o = out;
            out = null;
            o.close();
        }
    }

    @Override
    public String toString() {
        return "MainLog[" + file.map(Path::toString).orElse("none") + ", " + level + "]";
    }
}
