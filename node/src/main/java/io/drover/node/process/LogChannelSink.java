package io.drover.node.process;

import io.drover.config.LogChannelSpec;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import io.drover.node.logs.LogChannel;
import io.drover.node.logs.LogEvents;
import io.drover.node.os.AppendTarget;
import io.drover.node.os.OutputPipe;
import io.drover.node.os.SyslogSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A child's output channel as supervisord's output dispatcher handles it, through {@link LogChannel}: rotation
 * ({@code *_logfile_maxbytes} / {@code _backups}), capture mode, {@code strip_ansi}, the debug echo to the daemon log.
 */
public final class LogChannelSink implements OutputSink {

    /** Opens a {@link LogChannel} on the channel's resolved file. */
    public static final Factory FACTORY = LogChannelSink::open;

    /** How many open sinks log to each file: a file with two writers is never spliced into (see transferFrom). */
    private static final ConcurrentHashMap<Path, Integer> WRITERS = new ConcurrentHashMap<>();

    private final LogChannel channel;
    private final Optional<Path> file;
    private boolean closed;
    private AppendTarget target; // plain channels: the splice destination, reopened with each new file
    private long targetGeneration;

    private LogChannelSink(LogChannel channel) {
        this.channel = channel;
        this.file = channel.logfile().map(p -> p.toAbsolutePath().normalize());
        file.ifPresent(p -> WRITERS.merge(p, 1, Integer::sum));
    }

    /** Another open sink logs to this file too (two programs, or stdout and stderr, on one path). */
    private boolean shared() {
        return file.isPresent() && WRITERS.getOrDefault(file.get(), 0) > 1;
    }

    static OutputSink open(Channel c) throws IOException {
        LogChannelSpec s = c.spec();
        // AUTO was resolved when the group was activated: the channel gets that file, never a new one.
        LogTarget target = c.file().<LogTarget>map(LogTarget.File::new)
                .orElse(s.target() instanceof LogTarget.Syslog ? s.target() : new LogTarget.None());
        boolean echo = c.daemonLog().enabled(LogLevel.DEBG);
        if (target instanceof LogTarget.None && !s.syslog() && !s.eventsEnabled() && s.captureMaxbytes() <= 0 && !echo) {
            // Nothing would look at the bytes: one shared sink instead of a LogChannel per channel (~250 bytes each).
            return OutputSink.NONE;
        }
        LogChannelSpec resolved = new LogChannelSpec(target, s.maxbytes(), s.backups(), s.captureMaxbytes(),
                s.eventsEnabled(), s.syslog(), s.timestamps());
        LogEvents events = new LogEvents() {
            @Override
            public void processLog(String channel, byte[] data) {
                c.events().processLog(channel, data);
            }

            @Override
            public void processCommunication(String channel, byte[] data) {
                c.events().processCommunication(channel, data);
            }

            @Override
            public void daemonLog(LogLevel level, String message) {
                c.daemonLog().log(level, message);
            }
        };
        LogChannel channel = LogChannel.builder(c.process().name(), c.name(), resolved)
                .stripAnsi(c.process().stripAnsi())
                .echoToDaemonLog(echo)
                .echoAsBytes(c.listenerProtocol())
                .events(events)
                .syslog(SyslogSocket.shared()::send)
                .open();
        return new LogChannelSink(channel);
    }

    @Override
    public boolean takesPipes() {
        return channel.plain() && !shared();
    }

    @Override
    public long transferFrom(OutputPipe pipe, long max) throws IOException {
        if (shared()) {
            // A writer joined after the spawn: seek-then-splice could overwrite its appends, so append as it does.
            byte[] data = pipe.read((int) Math.min(max, Integer.MAX_VALUE));
            if (data == null) {
                return -1;
            }
            channel.write(data);
            return data.length;
        }
        long n = channel.transfer((path, generation) -> pipe.spliceTo(target(path, generation), max));
        if (n == Long.MIN_VALUE) {
            closeTarget();
            return pipe.spliceTo(AppendTarget.devNull(), max); // the log is broken (reported): drop, never stall
        }
        return n;
    }

    private AppendTarget target(Path path, long generation) throws IOException {
        if (target == null || generation != targetGeneration) {
            closeTarget();
            target = AppendTarget.open(path);
            targetGeneration = generation;
        }
        return target;
    }

    private void closeTarget() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @Override
    public void write(byte[] data) {
        channel.write(data);
    }

    @Override
    public void endOfStream() {
        channel.endOfStream();
    }

    @Override
    public void reopen() {
        channel.reopen();
    }

    @Override
    public void clear() throws IOException {
        channel.clear();
    }

    @Override
    public void close() {
        closeTarget();
        if (!closed) {
            closed = true;
            file.ifPresent(p -> WRITERS.computeIfPresent(p, (k, n) -> n > 1 ? n - 1 : null));
        }
        channel.close();
    }
}
