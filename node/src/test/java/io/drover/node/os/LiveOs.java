package io.drover.node.os;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link OsLayer} for one test class (register as a static {@code @RegisterExtension} field): started before the
 * first test, closed after the last; every child spawned through {@link #spawn} is killed by PID (and process group)
 * after each test.
 */
final class LiveOs implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final List<Child> started = new ArrayList<>();
    private OsLayer os;

    @Override
    public void beforeAll(ExtensionContext context) {
        os = OsLayer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        os.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Child child : started) {
            child.signalGroup(9);
            child.signal(9);
        }
        started.clear();
    }

    /** Spawns through the real launcher and remembers the child for cleanup. */
    Child spawn(SpawnRequest request, ChildListener listener) throws SpawnException {
        Child child = os.launcher().spawn(request, listener);
        started.add(child);
        return child;
    }

    ChildLauncher launcher() {
        return os.launcher();
    }
}
