package dev.aioptout.audit;

import dev.aioptout.audit.testing.FakeOrganizations;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests on {@link Sessions#organization()}, the fake endpoint's organization, started and stopped for each test. */
abstract class WithFakeOrganization {

    FakeOrganizations aws;

    @BeforeEach
    void startTheFake() throws Exception {
        aws = Sessions.organization();
    }

    @AfterEach
    void stopTheFake() {
        aws.close();
    }

    /** The organization read straight from the fake, within 30 seconds. */
    LiveOrganization read() {
        try (Session session = Sessions.open(aws.endpoint(), Duration.ofSeconds(30))) {
            return new OrganizationReader(session).read();
        }
    }
}
