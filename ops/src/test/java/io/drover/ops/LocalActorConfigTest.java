package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.drover.node.NodeRuntime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;

/**
 * The node's local actor system on the distribution's classpath (the cluster modules' jars included): it starts
 * without their wire serializers (also once Pekko has added its reference.conf fallback), keeps Pekko's local
 * ones, and every binding names a serializer that exists.
 */
class LocalActorConfigTest {

    @Test
    void theLocalSystemStartsWithoutTheWireSerializers() throws Exception {
        Config config = NodeRuntime.actorConfig();
        Map<String, String> serializers = config.getObject("pekko.actor.serializers").unwrapped().entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
        assertTrue(serializers.keySet().containsAll(Set.of("java", "bytes", "primitive-string", "typed-misc")),
                serializers.toString());
        assertFalse(serializers.values().stream().anyMatch(c -> c.startsWith("org.apache.pekko.remote.")
                || c.startsWith("org.apache.pekko.cluster.") || c.contains(".jackson.")), serializers.toString());
        for (Object name : config.getObject("pekko.actor.serialization-bindings").unwrapped().values()) {
            assertTrue(serializers.containsKey(String.valueOf(name)), "binding to a missing serializer: " + name);
        }

        // Pekko's own fallback (the reference.conf files) must not bring the wire serializers back.
        ActorSystem<Void> system = NodeRuntime.localSystem(Behaviors.empty(), "local-config-test");
        try {
            Config running = system.settings().config();
            assertFalse(running.getObject("pekko.actor.serializers").unwrapped().values().stream()
                    .map(String::valueOf).anyMatch(c -> c.startsWith("org.apache.pekko.remote.")
                            || c.startsWith("org.apache.pekko.cluster.") || c.contains(".jackson.")),
                    running.getObject("pekko.actor.serializers").render());
            assertEquals(config.getObject("pekko.actor.serializers").keySet(),
                    running.getObject("pekko.actor.serializers").keySet());
            Serialization s = SerializationExtension.get(Adapter.toClassic(system));
            byte[] bytes = s.serialize("spawned").get();
            assertEquals("spawned", s.deserialize(bytes, s.findSerializerFor("spawned").identifier(),
                    "").get());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get();
        }
    }
}
