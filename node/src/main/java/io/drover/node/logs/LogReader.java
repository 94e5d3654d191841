package io.drover.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * supervisord's {@code readFile} / {@code tailFile} on a log path: pure functions of the file, safe from any thread
 * (the XML-RPC and HTTP layers call them without asking the owning actor). Only the current file is read, never
 * backups, as supervisord does.
 */
public final class LogReader {
    /**
     * The most one call returns. supervisord reads whatever it is asked into memory; a daemon must not die of a
     * client asking for a 1 GB file, so a larger read is {@code FAILED: read too large}.
     */
    public static final long MAX_READ = 64L << 20;

    private LogReader() {
    }

    /** {@code tailProcessLog}'s answer: the bytes, the file size (the next offset), and whether bytes were skipped. */
    public record Tail(byte[] data, long size, boolean overflow) {
    }

    /**
     * {@code readProcessStdoutLog(offset, length)}: a negative offset with length 0 returns the last {@code -offset}
     * bytes; a negative offset with any other length, or a negative length, is BAD_ARGUMENTS; length 0 reads to the
     * end; offsets past the end return nothing. A missing file or a channel logged nowhere ({@code logfile} empty)
     * is {@code NO_FILE: <path>} ({@code NO_FILE: None} for none, as supervisord prints it).
     */
    public static byte[] read(Optional<Path> logfile, long offset, long length) throws LogReadException {
        if (logfile.isEmpty()) {
            throw new LogReadException(LogFault.NO_FILE, "None");
        }
        Path path = logfile.get();
        if (!Files.exists(path)) {
            throw new LogReadException(LogFault.NO_FILE, path.toString());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long start;
            long want;
            if (offset < 0) {
                if (length != 0) {
                    throw new LogReadException(LogFault.BAD_ARGUMENTS, "");
                }
                long abs = offset == Long.MIN_VALUE ? Long.MAX_VALUE : -offset;
                long size = ch.size();
                start = Math.max(0, size - abs);
                want = Math.min(abs, size - start);
            } else {
                if (length < 0) {
                    throw new LogReadException(LogFault.BAD_ARGUMENTS, "");
                }
                long size = ch.size();
                start = offset;
                long available = Math.max(0, size - offset);
                want = length == 0 ? available : Math.min(length, available);
            }
            return readAt(ch, start, want);
        } catch (IOException e) {
            throw new LogReadException(LogFault.FAILED, "");
        }
    }

    /** {@link #read(Optional, long, long)} for a known path. */
    public static byte[] read(Path logfile, long offset, long length) throws LogReadException {
        return read(Optional.ofNullable(logfile), offset, length);
    }

    /**
     * {@code tailProcessStdoutLog(offset, length)}, step for step as supervisord's {@code tailFile}: when the file
     * is bigger than {@code offset + length} the answer overflows and holds the last {@code length} bytes; when
     * {@code offset} is at or past the end it is empty; {@code size} is always the file size. A missing file (or a
     * channel logged nowhere) answers {@code ("", 0, false)}, never a fault; an unreadable one
     * {@code ("", offset, false)}.
     */
    public static Tail tail(Optional<Path> logfile, long offset, long length) {
        if (logfile.isEmpty() || !Files.exists(logfile.get())) {
            return new Tail(new byte[0], 0, false);
        }
        try (FileChannel ch = FileChannel.open(logfile.get(), StandardOpenOption.READ)) {
            long sz = ch.size();
            boolean overflow = false;
            if (sz > offset + length) {
                overflow = true;
                offset = sz - 1;
            }
            if (offset + length > sz) {
                if (offset > sz - 1) {
                    length = 0;
                }
                offset = sz - length;
            }
            if (offset < 0) {
                offset = 0;
            }
            if (length < 0) {
                length = 0;
            }
            byte[] data = length == 0 ? new byte[0] : readAt(ch, offset, Math.min(length, Math.max(0, sz - offset)));
            return new Tail(data, sz, overflow);
        } catch (IOException | LogReadException e) {
            return new Tail(new byte[0], offset, false);
        }
    }

    /** {@link #tail(Optional, long, long)} for a known path. */
    public static Tail tail(Path logfile, long offset, long length) {
        return tail(Optional.ofNullable(logfile), offset, length);
    }

    private static byte[] readAt(FileChannel ch, long start, long want) throws IOException, LogReadException {
        if (want <= 0) {
            return new byte[0];
        }
        if (want > MAX_READ) {
            throw new LogReadException(LogFault.FAILED, "read too large");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) want);
        long pos = start;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                break; // the file shrank meanwhile: return what there is
            }
            pos += n;
        }
        byte[] out = buf.array();
        return buf.position() == out.length ? out : java.util.Arrays.copyOf(out, buf.position());
    }
}
