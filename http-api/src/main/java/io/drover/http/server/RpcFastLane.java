package io.drover.http.server;

import io.drover.http.xmlrpc.MalformedRequestException;
import io.drover.http.xmlrpc.MethodCall;
import io.drover.http.xmlrpc.XmlRpcRequestParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * One inet connection served by {@link RpcFastPath} on the event loop's thread: it reads requests into its own
 * buffer, answers each recognised /RPC2 call with one write, and at the first request it does not recognise hands
 * the connection, with every byte it has buffered, to Pekko HTTP for good. A call is decoded and its credentials
 * checked before anything is consumed, so a request handed over is one Pekko reads from its first byte.
 * <p>
 * Reading pauses while a call is answered (a method that asks the node completes later, on another thread; its
 * answer is written back on the loop). One timer per connection, re-armed for what is left, enforces what Pekko's
 * stages would: the request body timeout (408 and close, as {@link RpcBodyReader}) and the idle timeout (close).
 */
final class RpcFastLane {
    /** A timer fires at least this often: a closed connection's timer leaves the scheduler within a minute. */
    private static final long MAX_TIMER_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final RpcFastPath path;
    private final LoopConnection conn;
    private final SocketChannel channel;
    private final ByteBuffer readBuffer;
    private final Executor loop;
    private final Scheduler scheduler;
    private final ExecutionContext onLoop;
    private final long bodyTimeoutNanos;
    private final long idleNanos;
    private byte[] in = new byte[1024];
    private int inLen;
    private ByteBuffer[] out;
    private boolean answering;
    private boolean closeAfterWrite;
    private boolean handedOver;
    private long lastActivity = System.nanoTime();
    private long bodyDeadline;
    private long armedAt;

    RpcFastLane(RpcFastPath path, LoopConnection conn, SocketChannel channel, ByteBuffer readBuffer, Executor loop,
                Scheduler scheduler, ExecutionContext onLoop) {
        this.path = path;
        this.conn = conn;
        this.channel = channel;
        this.readBuffer = readBuffer;
        this.loop = loop;
        this.scheduler = scheduler;
        this.onLoop = onLoop;
        this.bodyTimeoutNanos = path.limits.bodyTimeout().toNanos();
        this.idleNanos = path.limits.idleTimeout().toNanos();
    }

    void start() {
        arm(lastActivity + idleNanos);
    }

    /** The selector's readiness, on the loop's thread. */
    void ready(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            conn.interest(SelectionKey.OP_WRITE, false);
            if (out != null) {
                write();
            }
        }
        if ((ops & SelectionKey.OP_READ) != 0 && !answering && !conn.isClosed() && !handedOver) {
            read();
        }
    }

    private void read() {
        int n;
        try {
            readBuffer.clear();
            n = channel.read(readBuffer);
        } catch (IOException e) {
            conn.close();
            return;
        }
        if (n < 0) {
            conn.close(); // the client closed its side: as Pekko's TCP without half-close
            return;
        }
        if (n == 0) {
            return;
        }
        lastActivity = System.nanoTime();
        readBuffer.flip();
        if (inLen + n > in.length) {
            in = Arrays.copyOf(in, Math.max(in.length * 2, inLen + n));
        }
        readBuffer.get(in, inLen, n);
        inLen += n;
        conn.busy = true;
        serve();
    }

    /** Answers the complete requests buffered, one at a time. */
    private void serve() {
        while (!answering && !handedOver && !conn.isClosed() && inLen > 0) {
            RpcFastPath.Head head = path.head(in, inLen);
            if (head == RpcFastPath.NEED_MORE) {
                return;
            }
            if (head == RpcFastPath.HAND_OVER) {
                handOver();
                return;
            }
            int total = head.bodyStart() + head.contentLength();
            if (inLen < total) {
                if (bodyDeadline == 0) {
                    bodyDeadline = System.nanoTime() + bodyTimeoutNanos;
                    arm(bodyDeadline);
                }
                return;
            }
            bodyDeadline = 0;
            if (!path.allowed(head)) {
                handOver();
                return;
            }
            MethodCall call;
            try {
                call = XmlRpcRequestParser.parse(Arrays.copyOfRange(in, head.bodyStart(), total));
            } catch (MalformedRequestException e) {
                handOver(); // Pekko's side answers 400 and logs why
                return;
            }
            if (call.methodName().isEmpty()) {
                handOver();
                return;
            }
            System.arraycopy(in, total, in, 0, inLen - total);
            inLen -= total;
            answer(call);
        }
    }

    private void answer(MethodCall call) {
        answering = true;
        conn.interest(SelectionKey.OP_READ, false);
        CompletableFuture<XmlRpcEndpoint.Reply> reply;
        try {
            reply = path.rpc.reply(call).toCompletableFuture();
        } catch (RuntimeException e) {
            reply = CompletableFuture.completedFuture(new XmlRpcEndpoint.Reply(null, ErrorPages.internalError()));
        }
        if (reply.isDone()) {
            respond(reply.join()); // the usual case: the process table answered at once
        } else {
            reply.whenComplete((r, e) -> loop.execute(() -> respond(
                    r != null ? r : new XmlRpcEndpoint.Reply(null, ErrorPages.internalError()))));
        }
    }

    private void respond(XmlRpcEndpoint.Reply reply) {
        if (conn.isClosed()) {
            return;
        }
        if (reply.xml() != null) {
            int length = reply.xml().length();
            out = new ByteBuffer[] {
                ByteBuffer.wrap(path.xmlHead(length)),
                ByteBuffer.wrap(reply.xml().array(), 0, length)};
        } else {
            send(reply.error(), false);
            return;
        }
        write();
    }

    private void send(HttpResponse response, boolean close) {
        byte[][] rendered = path.render(response, close);
        out = new ByteBuffer[] {ByteBuffer.wrap(rendered[0]), ByteBuffer.wrap(rendered[1])};
        closeAfterWrite = close;
        write();
    }

    private void write() {
        try {
            channel.write(out);
        } catch (IOException e) {
            out = null;
            conn.close();
            return;
        }
        for (ByteBuffer b : out) {
            if (b.hasRemaining()) {
                conn.interest(SelectionKey.OP_WRITE, true);
                return;
            }
        }
        out = null;
        lastActivity = System.nanoTime();
        answering = false;
        conn.busy = inLen > 0;
        if (closeAfterWrite || conn.closeWhenIdle) {
            conn.close();
            return;
        }
        conn.interest(SelectionKey.OP_READ, true);
        serve();
    }

    private void handOver() {
        handedOver = true;
        bodyDeadline = 0;
        byte[] carried = Arrays.copyOf(in, inLen);
        in = null;
        conn.handOver(carried);
    }

    /** Makes sure a timer fires by {@code at} (System.nanoTime). */
    private void arm(long at) {
        long delay = Math.min(Math.max(0, at - System.nanoTime()), MAX_TIMER_NANOS);
        long fireAt = System.nanoTime() + delay;
        if (armedAt != 0 && armedAt - fireAt <= 0) {
            return; // one fires sooner and re-arms
        }
        armedAt = fireAt;
        scheduler.scheduleOnce(FiniteDuration.create(delay, TimeUnit.NANOSECONDS), () -> fire(fireAt), onLoop);
    }

    private void fire(long at) {
        if (at != armedAt) {
            return; // superseded by a sooner timer
        }
        armedAt = 0;
        if (handedOver || conn.isClosed()) {
            return;
        }
        long now = System.nanoTime();
        if (answering) {
            arm(now + idleNanos); // a call that waits (startProcess) is not idleness
            return;
        }
        if (bodyDeadline != 0 && now - bodyDeadline >= 0) {
            bodyDeadline = 0;
            answering = true;
            conn.interest(SelectionKey.OP_READ, false);
            send(XmlRpcEndpoint.bodyFailure(new TimeoutException("The request body has not arrived in "
                    + path.limits.bodyTimeout().toMillis() + " ms")), true);
            return;
        }
        long idleAt = lastActivity + idleNanos;
        if (now - idleAt >= 0) {
            conn.close();
            return;
        }
        arm(bodyDeadline != 0 && bodyDeadline - idleAt < 0 ? bodyDeadline : idleAt);
    }
}
