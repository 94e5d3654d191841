package io.drover.http.server;

import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * One connection's requests, each with its body read in full when {@code wanted} says so (an authorised POST to
 * /RPC2): Python's http.client sends the headers and the body in two writes, so the body of most calls arrives
 * after its request. The body is read inside the connection's stream — one substream stage, no actor, no future —
 * bounded by {@link HttpLimits#maxBodyBytes()} (Pekko's size limit fails it) and {@link HttpLimits#bodyTimeout()}.
 * <p>
 * The timeout is one deadline per connection, not a timer per call: a timer that is cancelled stays in the
 * scheduler's wheel until it would have fired, and thirty seconds of those at a thousand calls a second were most
 * of what the daemon kept alive between garbage collections. The single timer fires at the deadline of the body
 * read when it was armed and re-arms itself for the read in progress, if any.
 */
final class RpcBodyReader extends GraphStage<FlowShape<HttpRequest, RpcBodyReader.Incoming>> {

    /** A request, with its body read in full if it was wanted, or why the body could not be read. */
    record Incoming(HttpRequest request, Throwable bodyFailure) {
    }

    private final Inlet<HttpRequest> in = Inlet.create("RpcBodyReader.in");
    private final Outlet<Incoming> out = Outlet.create("RpcBodyReader.out");
    private final FlowShape<HttpRequest, Incoming> shape = FlowShape.of(in, out);
    private final Predicate<HttpRequest> wanted;
    private final HttpLimits limits;

    RpcBodyReader(Predicate<HttpRequest> wanted, HttpLimits limits) {
        this.wanted = wanted;
        this.limits = limits;
    }

    @Override
    public FlowShape<HttpRequest, Incoming> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new Logic();
    }

    private final class Logic extends TimerGraphStageLogic {
        private static final String DEADLINE = "body-deadline";
        private final long timeoutNanos = limits.bodyTimeout().toNanos();
        private HttpRequest reading;
        private SubSinkInlet<ByteString> body;
        private ByteStringBuilder bytes;
        private long deadline;
        private boolean timerArmed;

        Logic() {
            super(shape);
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    HttpRequest request = grab(in);
                    if (request.entity().isStrict() || !wanted.test(request)) {
                        push(out, new Incoming(request, null));
                    } else {
                        read(request);
                    }
                }

                @Override
                public void onUpstreamFinish() {
                    if (reading == null) {
                        completeStage();
                    } // else: complete once the body being read has been handed on
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    pull(in);
                }
            });
        }

        private void read(HttpRequest request) {
            reading = request;
            bytes = new ByteStringBuilder();
            deadline = System.nanoTime() + timeoutNanos;
            if (!timerArmed) {
                scheduleOnce(DEADLINE, limits.bodyTimeout());
                timerArmed = true;
            }
            body = new SubSinkInlet<>("RpcBodyReader.body");
            body.setHandler(new AbstractInHandler() {
                @Override
                public void onPush() {
                    bytes.append(body.grab());
                    body.pull();
                }

                @Override
                public void onUpstreamFinish() {
                    HttpEntity entity = reading.entity();
                    done(new Incoming(reading.withEntity(HttpEntities.create(entity.getContentType(),
                            bytes.result())), null));
                }

                @Override
                public void onUpstreamFailure(Throwable failure) {
                    done(new Incoming(reading, failure));
                }
            });
            request.entity().withSizeLimit(limits.maxBodyBytes()).getDataBytes()
                    .runWith(body.sink(), subFusingMaterializer());
            body.pull();
        }

        private void done(Incoming incoming) {
            reading = null;
            body = null;
            bytes = null;
            push(out, incoming);
            if (isClosed(in)) {
                completeStage();
            }
        }

        @Override
        public void onTimer(Object key) {
            timerArmed = false;
            if (reading == null) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                scheduleOnce(DEADLINE, java.time.Duration.ofNanos(left));
                timerArmed = true;
                return;
            }
            body.cancel();
            done(new Incoming(reading, new TimeoutException("The request body has not arrived in "
                    + limits.bodyTimeout().toMillis() + " ms")));
        }
    }
}
