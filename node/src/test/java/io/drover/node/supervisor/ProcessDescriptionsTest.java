package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcessDescriptionsTest {

    @Test
    void uptimeReadsAsPythonsTimedelta() {
        // str(datetime.timedelta(seconds=N)) for each N
        assertEquals("0:00:00", ProcessDescriptions.uptime(0));
        assertEquals("0:00:09", ProcessDescriptions.uptime(9));
        assertEquals("1:01:01", ProcessDescriptions.uptime(3661));
        assertEquals("23:59:59", ProcessDescriptions.uptime(86399));
        assertEquals("1 day, 0:00:00", ProcessDescriptions.uptime(86400));
        assertEquals("2 days, 10:17:36", ProcessDescriptions.uptime(2 * 86400 + 37056));
        assertEquals("1000 days, 0:00:59", ProcessDescriptions.uptime(1000L * 86400 + 59));
    }
}
