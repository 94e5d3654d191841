package io.drover.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One accepted connection of a {@link LoopServer} (TCP or UNIX-domain), as a byte source (what the client sends)
 * and a byte sink (what the server answers) for Pekko HTTP's server layer. Everything here runs on the {@link EventLoop}'s thread: the
 * selector's readiness, and the two stages (the connection's stream runs on the loop as its dispatcher).
 * <p>
 * Reading stays armed between requests (epoll is level-triggered): the source reads when the selector reports
 * data and the stream wants it, and only when the stream does not want it is reading switched off until it does.
 * A write that the socket cannot take at once waits for the selector to report the socket writable. The
 * connection closes when the server layer finishes its output, when the client closes its side (as Pekko's own
 * TCP server does, without half-close), or on an error.
 * <p>
 * A connection starts on {@link RpcFastLane} (plain /RPC2 calls answered without Pekko HTTP); its stream is
 * materialized only when the lane hands it over, and the stream's source first emits the bytes the lane had read.
 */
final class LoopConnection implements EventLoop.Ready {
    private final SocketChannel channel;
    private final ByteBuffer readBuffer;
    private final Consumer<LoopConnection> onClose;
    private SelectionKey key;
    private boolean wantsData;
    private boolean readingOff;
    private AsyncCallback<Object> sourceEvent;
    private AsyncCallback<NotUsed> writable;
    private boolean closed;
    /** A request has arrived and its answer is not yet fully written: a graceful stop waits for it. */
    boolean busy;
    boolean closeWhenIdle;
    /** Serves the connection until it hands it over to Pekko HTTP; then null. */
    private RpcFastLane lane;
    /** Materializes Pekko HTTP's stream for this connection. */
    private Runnable startStream;
    /** What the lane had read when it handed over: the stream's first bytes. */
    private ByteString carried;

    LoopConnection(SocketChannel channel, ByteBuffer readBuffer, Consumer<LoopConnection> onClose) {
        this.channel = channel;
        this.readBuffer = readBuffer;
        this.onClose = onClose;
    }

    /** Starts on {@code lane}; {@code startStream} runs Pekko HTTP's stream when the lane hands over. */
    void serveFirst(RpcFastLane lane, Runnable startStream) {
        this.lane = lane;
        this.startStream = startStream;
        lane.start();
    }

    /** The lane's bytes and the rest of the connection go to Pekko HTTP. */
    void handOver(byte[] bytes) {
        lane = null;
        carried = bytes.length == 0 ? null : ByteString.fromArrayUnsafe(bytes);
        if (carried != null) {
            busy = true;
        }
        interest(SelectionKey.OP_READ, true);
        startStream.run();
    }

    boolean isClosed() {
        return closed;
    }

    void register(EventLoop loop) throws IOException {
        key = loop.register(channel, SelectionKey.OP_READ, this);
    }

    Source<ByteString, NotUsed> source() {
        return Source.fromGraph(new Incoming());
    }

    Sink<ByteString, NotUsed> sink() {
        return Sink.fromGraph(new Outgoing());
    }

    @Override
    public void ready(SelectionKey k) {
        int ops = k.readyOps();
        if (lane != null) {
            lane.ready(ops);
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            interest(SelectionKey.OP_WRITE, false);
            if (writable != null) {
                writable.invoke(NotUsed.getInstance());
            }
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !closed) {
            if (wantsData) {
                read();
            } else {
                readingOff = true;
                interest(SelectionKey.OP_READ, false);
            }
        }
    }

    private void read() {
        Object event;
        try {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n == 0) {
                return;
            }
            if (n > 0) {
                readBuffer.flip();
                event = ByteString.fromByteBuffer(readBuffer);
                busy = true;
            } else {
                event = EndOfInput.INSTANCE;
            }
        } catch (IOException e) {
            event = e;
        }
        wantsData = false;
        if (sourceEvent != null) {
            sourceEvent.invoke(event);
        }
        if (!(event instanceof ByteString)) {
            close(); // the client closed (or broke) the connection: as Pekko's TCP without half-close
        }
    }

    void interest(int op, boolean on) {
        if (key != null && key.isValid()) {
            int ops = key.interestOps();
            int next = on ? ops | op : ops & ~op;
            if (next != ops) {
                key.interestOps(next);
            }
        }
    }

    /** Closes now if no answer is being written, else once it is. */
    void closeGracefully() {
        if (busy) {
            closeWhenIdle = true;
        } else {
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (sourceEvent != null) {
            sourceEvent.invoke(EndOfInput.INSTANCE);
        }
        if (writable != null) {
            writable.invoke(NotUsed.getInstance()); // a waiting write fails on the closed channel
        }
        onClose.accept(this);
    }

    private enum EndOfInput { INSTANCE }

    /** What the client sends. */
    private final class Incoming extends GraphStage<SourceShape<ByteString>> {
        private final Outlet<ByteString> out = Outlet.create("LoopConnection.in");
        private final SourceShape<ByteString> shape = SourceShape.of(out);

        @Override
        public SourceShape<ByteString> shape() {
            return shape;
        }

        @Override
        public GraphStageLogic createLogic(Attributes attributes) {
            return new GraphStageLogic(shape) {
                {
                    setHandler(out, new AbstractOutHandler() {
                        @Override
                        public void onPull() {
                            if (carried != null) {
                                ByteString first = carried;
                                carried = null;
                                push(out, first);
                                return;
                            }
                            wantsData = true;
                            if (readingOff && !closed) {
                                readingOff = false;
                                interest(SelectionKey.OP_READ, true);
                            }
                        }

                        @Override
                        public void onDownstreamFinish(Throwable cause) {
                            wantsData = false;
                            sourceEvent = null;
                            completeStage();
                        }
                    });
                }

                @Override
                public void preStart() {
                    sourceEvent = createAsyncCallback(this::onEvent);
                    if (closed) {
                        completeStage();
                    }
                }

                private void onEvent(Object event) {
                    if (event instanceof ByteString bytes) {
                        push(out, bytes);
                    } else if (event instanceof IOException e) {
                        failStage(e);
                    } else {
                        completeStage();
                    }
                }
            };
        }
    }

    /** What the server answers. */
    private final class Outgoing extends GraphStage<SinkShape<ByteString>> {
        private final Inlet<ByteString> in = Inlet.create("LoopConnection.out");
        private final SinkShape<ByteString> shape = SinkShape.of(in);

        @Override
        public SinkShape<ByteString> shape() {
            return shape;
        }

        @Override
        public GraphStageLogic createLogic(Attributes attributes) {
            return new GraphStageLogic(shape) {
                private ByteBuffer[] pending;
                private boolean finishing;

                {
                    setHandler(in, new AbstractInHandler() {
                        @Override
                        public void onPush() {
                            ByteString bytes = grab(in);
                            ByteBuffer[] buffers = new ByteBuffer[bytes.asByteBuffers().size()];
                            var it = bytes.asByteBuffers().iterator();
                            for (int i = 0; it.hasNext(); i++) {
                                buffers[i] = it.next();
                            }
                            pending = buffers;
                            write();
                        }

                        @Override
                        public void onUpstreamFinish() {
                            finishing = true;
                            if (pending == null) {
                                done();
                            }
                        }

                        @Override
                        public void onUpstreamFailure(Throwable ex) {
                            pending = null;
                            close();
                            completeStage();
                        }
                    });
                }

                @Override
                public void preStart() {
                    writable = createAsyncCallback(ignored -> {
                        if (pending != null) {
                            write();
                        }
                    });
                    pull(in);
                }

                private void write() {
                    try {
                        channel.write(pending);
                    } catch (IOException e) {
                        pending = null;
                        close();
                        cancelStage(e);
                        return;
                    }
                    for (ByteBuffer b : pending) {
                        if (b.hasRemaining()) {
                            interest(SelectionKey.OP_WRITE, true);
                            return;
                        }
                    }
                    pending = null;
                    if (finishing) {
                        done();
                        return;
                    }
                    busy = false;
                    if (closeWhenIdle) {
                        close();
                        completeStage();
                        return;
                    }
                    pull(in);
                }

                private void done() {
                    busy = false;
                    close();
                    completeStage();
                }
            };
        }
    }
}
