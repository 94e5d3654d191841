package io.drover.http.xmlrpc;

import java.util.concurrent.CompletionStage;

/**
 * Publishes a REMOTE_COMMUNICATION event ({@code sendRemoteCommEvent}); the daemon wires it to its event bus.
 */
@FunctionalInterface
public interface RemoteCommSender {
    CompletionStage<Boolean> send(String type, String data);
}
