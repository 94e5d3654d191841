package io.drover.node.os;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** The loaded {@link LibC} and helpers for native memory. */
final class Native {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    // Linux constants (x86_64 and aarch64 agree on all of these).
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;
    static final int O_DIRECTORY = 0x10000;
    static final int O_PATH = 0x200000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_OK = 0;
    static final int X_OK = 1;

    private Native() {
    }

    /** errno of the last call on this thread. */
    static int errno() {
        return RUNTIME.getLastError();
    }

    static Pointer allocate(int size) {
        return Memory.allocateDirect(RUNTIME, size, true);
    }

    /**
     * A NULL-terminated {@code char *[]} in one native block: the pointer table first, then the NUL-terminated UTF-8
     * strings.
     */
    static Pointer stringArray(List<String> strings) {
        int n = strings.size();
        byte[][] bytes = new byte[n][];
        int table = (n + 1) * Long.BYTES;
        int total = table;
        for (int i = 0; i < n; i++) {
            bytes[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            total += bytes[i].length + 1;
        }
        Pointer block = allocate(total);
        long base = block.address();
        int offset = table;
        for (int i = 0; i < n; i++) {
            block.putAddress((long) i * Long.BYTES, base + offset);
            block.put(offset, bytes[i], 0, bytes[i].length);
            block.putByte(offset + bytes[i].length, (byte) 0);
            offset += bytes[i].length + 1;
        }
        block.putAddress((long) n * Long.BYTES, 0L);
        return block;
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            LIBC.close(fd);
        }
    }
}
