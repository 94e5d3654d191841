package io.drover.node.logs;

import io.drover.config.LogChannelSpec;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One output stream (stdout or stderr) of one process, as supervisord's {@code POutputDispatcher} handles it: raw
 * chunks in; capture markers cut out ({@code *_capture_maxbytes}), ANSI escapes stripped ({@code strip_ansi}),
 * lines optionally timestamped, bytes appended to a {@link RotatingLogFile}, and PROCESS_LOG /
 * PROCESS_COMMUNICATION handed to {@link LogEvents}.
 *
 * <p>Owned and called by one actor: not thread-safe, never blocks on anything but the local file write, never throws
 * on a write (a failing disk is reported through {@link LogEvents#daemonLog}). Readers on other threads use
 * {@link LogReader} on {@link #logfile()}.
 *
 * <p>Syslog ({@code *_syslog=true}): each line of what is logged goes out as {@code <name> <line>}, one datagram per
 * line ({@link SyslogFormat}), through the sender given to the builder (the daemon log at INFO when none is).
 */
public final class LogChannel implements Closeable {
    static final byte[] BEGIN_TOKEN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_TOKEN = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final String processName;
    private final String channel;
    private final LogEvents events;
    private final Optional<Path> logfile;
    private final RotatingLogFile file;
    private final boolean syslog;
    private final boolean eventsEnabled;
    private final boolean echoToDaemonLog;
    private final boolean echoAsBytes;
    private final AnsiStripper stripper;
    private final LineTimestamper timestamper;
    private final CaptureBuffer capture;
    private final Consumer<byte[]> syslogSender;
    private final Clock clock;

    private byte[] pending = EMPTY; // capture mode only: bytes that may start a marker
    private boolean capturing;
    private boolean writeFailing;

    private LogChannel(Builder b, Optional<Path> logfile, RotatingLogFile file) {
        this.processName = b.processName;
        this.channel = b.channel;
        this.events = b.events;
        this.logfile = logfile;
        this.file = file;
        this.syslog = b.spec.syslog() || b.spec.target() instanceof LogTarget.Syslog;
        this.eventsEnabled = b.spec.eventsEnabled();
        this.echoToDaemonLog = b.echoToDaemonLog;
        this.echoAsBytes = b.echoAsBytes;
        this.stripper = b.stripAnsi ? new AnsiStripper() : null;
        this.timestamper = b.spec.timestamps() && file != null ? new LineTimestamper(b.clock) : null;
        this.capture = b.spec.captureMaxbytes() > 0 ? new CaptureBuffer(b.spec.captureMaxbytes()) : null;
        this.syslogSender = b.syslogSender;
        this.clock = b.clock;
    }

    /**
     * Starts building the channel {@code channel} ({@code stdout} or {@code stderr}) of process {@code processName}.
     */
    public static Builder builder(String processName, String channel, LogChannelSpec spec) {
        return new Builder(processName, channel, spec);
    }

    /** The options of a channel; {@link #open()} creates the AUTO file (if any) and opens the log file. */
    public static final class Builder {
        private final String processName;
        private final String channel;
        private final LogChannelSpec spec;
        private Path childlogdir = Path.of(System.getProperty("java.io.tmpdir"));
        private String identifier = "supervisor";
        private boolean stripAnsi;
        private boolean echoToDaemonLog;
        private boolean echoAsBytes;
        private LogEvents events = LogEvents.NONE;
        private Clock clock = Clock.systemDefaultZone();
        private Optional<Path> resolved;
        private Consumer<byte[]> syslogSender;

        private Builder(String processName, String channel, LogChannelSpec spec) {
            this.processName = Objects.requireNonNull(processName, "processName");
            this.channel = Objects.requireNonNull(channel, "channel");
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** {@code [supervisord] childlogdir}, where AUTO files go. */
        public Builder childlogdir(Path dir) {
            this.childlogdir = Objects.requireNonNull(dir);
            return this;
        }

        /** {@code [supervisord] identifier}, part of AUTO names. */
        public Builder identifier(String id) {
            this.identifier = Objects.requireNonNull(id);
            return this;
        }

        /** {@code [supervisord] strip_ansi}. */
        public Builder stripAnsi(boolean strip) {
            this.stripAnsi = strip;
            return this;
        }

        /** Echo output to the daemon log at DEBG (supervisord does when its loglevel is debug or lower). */
        public Builder echoToDaemonLog(boolean echo) {
            this.echoToDaemonLog = echo;
            return this;
        }

        /**
         * Echo as Python's repr of the bytes ({@code b'READY\\n'}): supervisord's listener dispatcher logs an event
         * listener's stdout that way, where a program's output is logged as text.
         */
        public Builder echoAsBytes(boolean asBytes) {
            this.echoAsBytes = asBytes;
            return this;
        }

        public Builder events(LogEvents e) {
            this.events = Objects.requireNonNull(e);
            return this;
        }

        /**
         * The file already chosen for this channel (AUTO resolved when the group was activated, as supervisord does at
         * config time; empty for NONE or syslog only): {@link #open()} then creates nothing.
         */
        public Builder logfile(Optional<Path> file) {
            this.resolved = Objects.requireNonNull(file);
            return this;
        }

        /** Where syslog datagrams go ({@code *_syslog}); without one, syslog lines go to the daemon log. */
        public Builder syslog(Consumer<byte[]> sender) {
            this.syslogSender = Objects.requireNonNull(sender);
            return this;
        }

        /** The clock for timestamps (tests). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** Opens the channel: creates the AUTO file if the target is AUTO (and none was given) and opens the file. */
        public LogChannel open() throws IOException {
            Optional<Path> path = Optional.empty();
            if (resolved != null) {
                path = resolved;
            } else if (spec.target() instanceof LogTarget.File f) {
                path = Optional.of(f.path());
            } else if (spec.target() instanceof LogTarget.Auto) {
                path = Optional.of(AutoLogName.create(childlogdir, processName, channel, identifier));
            }
            RotatingLogFile file = path.isPresent()
                    ? RotatingLogFile.open(path.get(), spec.maxbytes(), spec.backups()) : null;
            return new LogChannel(this, path, file);
        }
    }

    /** The file this channel logs to (for getProcessInfo and the log RPCs); empty when NONE or syslog only. */
    public Optional<Path> logfile() {
        return logfile;
    }

    public String channel() {
        return channel;
    }

    /** Whether the channel is in capture mode (between BEGIN and END markers). */
    public boolean capturing() {
        return capturing;
    }

    /**
     * Whether output may go to the file byte for byte with nothing looking at it: a regular file, and no capture
     * mode, {@code strip_ansi}, timestamps, syslog, PROCESS_LOG events or debug echo. The owner may then move the
     * bytes itself with {@link #transfer} (a zero-copy splice) instead of {@link #write}.
     */
    public boolean plain() {
        return file != null && file.regular() && capture == null && stripper == null && timestamper == null
                && !syslog && !eventsEnabled && !echoToDaemonLog;
    }

    /**
     * A {@link #plain()} channel: lets {@code transfer} append to the file, rotating as {@link #write} does.
     *
     * @return what {@code transfer} returned, or {@link Long#MIN_VALUE} when the file could not be written (reported
     *         once to the daemon log, as a failing write)
     */
    public long transfer(RotatingLogFile.Transfer transfer) {
        try {
            long n = file.append(transfer);
            writeFailing = false;
            return n;
        } catch (IOException e) {
            reportFailure("write to", e);
            return Long.MIN_VALUE;
        }
    }

    /** Handles one chunk read from the child's pipe. The array is not kept, but may be passed to {@link LogEvents}. */
    public void write(byte[] chunk) {
        if (chunk.length == 0) {
            return;
        }
        if (capture == null) {
            log(chunk);
        } else {
            recordOutput(chunk);
        }
    }

    /**
     * The pipe reached EOF (the process went away). Bytes held back for marker detection are logged (supervisord
     * would keep them forever), a lone held ESC is written, and in timestamp mode a partial line is ended with a
     * newline so the next run starts on a stamped line. Capture mode ends, as each supervisord spawn starts afresh.
     */
    public void endOfStream() {
        if (pending.length > 0) {
            byte[] rest = pending;
            pending = EMPTY;
            log(rest);
        }
        if (stripper != null) {
            byte[] held = stripper.finish();
            if (held.length > 0) {
                logStripped(held);
            }
        }
        if (timestamper != null && !timestamper.atLineStart()) {
            writeFile(new byte[] {'\n'}, 0, 1);
            timestamper.reset();
        }
        if (capturing) {
            capturing = false;
            capture.clear();
        }
    }

    /** SIGUSR2 / {@code reopenlogs}: reopens the file (recreating it if logrotate moved it away). */
    public void reopen() {
        if (file != null) {
            try {
                file.reopen();
                writeFailing = false;
            } catch (IOException e) {
                reportFailure("reopen", e);
            }
        }
    }

    /**
     * {@code clearProcessLogs}: removes the current log file and starts a new empty one (backups stay, as in
     * supervisord), and empties the capture buffer.
     *
     * @throws IOException when the file cannot be removed or recreated (supervisord's FAILED)
     */
    public void clear() throws IOException {
        if (capture != null) {
            capture.clear();
        }
        if (file != null) {
            file.clear();
            writeFailing = false;
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                reportFailure("close", e);
            }
        }
    }

    /** supervisord's {@code record_output}: split around the capture markers, holding a possible marker prefix. */
    private void recordOutput(byte[] chunk) {
        byte[] data = pending.length == 0 ? chunk : concat(pending, chunk);
        pending = EMPTY;
        while (true) {
            byte[] token = capturing ? END_TOKEN : BEGIN_TOKEN;
            int at = indexOf(data, token);
            if (at < 0 && data.length <= token.length) {
                pending = data; // supervisord waits for more than a marker's length (but acts on a whole marker)
                return;
            }
            if (at < 0) {
                int keep = prefixAtEnd(data, token);
                if (keep > 0) {
                    pending = Arrays.copyOfRange(data, data.length - keep, data.length);
                    data = Arrays.copyOf(data, data.length - keep);
                }
                log(data);
                return;
            }
            log(Arrays.copyOf(data, at));
            toggleCapture();
            data = Arrays.copyOfRange(data, at + token.length, data.length);
            if (data.length == 0) {
                return;
            }
        }
    }

    private void toggleCapture() {
        capturing = !capturing;
        if (!capturing) {
            events.processCommunication(channel, capture.take());
            events.daemonLog(LogLevel.DEBG, "'" + processName + "' " + channel + " emitted a comm event");
        }
    }

    /** supervisord's {@code _log}: strip, then to the capture buffer or the log, echo, and PROCESS_LOG. */
    private void log(byte[] data) {
        if (data.length == 0) {
            return;
        }
        if (stripper != null) {
            data = stripper.strip(data);
            if (data.length == 0) {
                return;
            }
        }
        logStripped(data);
    }

    private void logStripped(byte[] data) {
        if (capturing) {
            capture.write(data);
        } else {
            if (file != null) {
                if (timestamper != null) {
                    int n = timestamper.stamp(data, 0, data.length);
                    writeFile(timestamper.buffer(), 0, n);
                } else {
                    writeFile(data, 0, data.length);
                }
            }
            if (syslog) {
                toSyslog(data);
            }
        }
        if (echoToDaemonLog) {
            events.daemonLog(LogLevel.DEBG, "'" + processName + "' " + channel + " output:\n"
                    + (echoAsBytes ? PythonRepr.bytes(data) : decode(data)));
        }
        if (eventsEnabled) {
            events.processLog(channel, data);
        }
    }

    private void writeFile(byte[] data, int off, int len) {
        try {
            file.write(data, off, len);
            writeFailing = false;
        } catch (IOException e) {
            reportFailure("write to", e);
        }
    }

    /** One failure report until a write succeeds again, so a full disk does not flood the daemon log. */
    private void reportFailure(String what, IOException e) {
        if (!writeFailing) {
            writeFailing = true;
            events.daemonLog(LogLevel.ERRO, "could not " + what + " " + channel + " log " + logfile.orElse(null)
                    + " of '" + processName + "': " + e);
        }
    }

    private void toSyslog(byte[] data) {
        LocalDateTime now = LocalDateTime.now(clock);
        for (String line : SyslogFormat.lines(decode(data))) {
            if (syslogSender != null) {
                syslogSender.accept(SyslogFormat.datagram(now, processName + " " + line));
            } else {
                events.daemonLog(LogLevel.INFO, processName + " " + line);
            }
        }
    }

    /** UTF-8 text, or supervisord's {@code Undecodable: b'...'} form for anything else. */
    static String decode(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder("Undecodable: b'");
            for (byte b : data) {
                int c = b & 0xff;
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\'' -> sb.append("\\'");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c >= 0x7f) {
                            sb.append(String.format("\\x%02x", c));
                        } else {
                            sb.append((char) c);
                        }
                    }
                }
            }
            return sb.append('\'').toString();
        }
    }

    static int indexOf(byte[] data, byte[] token) {
        byte first = token[0];
        int last = data.length - token.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < token.length; j++) {
                if (data[i + j] != token[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** medusa's {@code find_prefix_at_end}: the longest proper prefix of token that ends data. */
    static int prefixAtEnd(byte[] data, byte[] token) {
        for (int l = token.length - 1; l > 0; l--) {
            if (l <= data.length && Arrays.equals(data, data.length - l, data.length, token, 0, l)) {
                return l;
            }
        }
        return 0;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return "LogChannel[" + processName + " " + channel + " -> " + logfile.map(Path::toString).orElse("NONE") + "]";
    }
}
