package io.tickwire.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * No package of the product depends on a package that depends on it, across every module (the
 * command line sees them all): a package's layout can then be read bottom-up, and a newcomer who
 * opens one does not have to hold another in mind first.
 */
class PackageCyclesTest {

    @Test
    void noPackageCycleInTheProduct() {
        JavaClasses product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(PackageCyclesTest::notATestJar)
                .importPackages("io.tickwire");
        // Every module is there (as classes or as jars, whichever the build put on the path).
        for (String module : new String[] {"agent", "protocol", "codec", "engine.match", "journal", "server.frontdoor",
            "client", "nats.node", "relay.node", "bench", "cli"}) {
            assertThat(product.containPackage("io.tickwire." + module)).as(module).isTrue();
        }
        slices().matching("io.tickwire.(**)").should().beFreeOfCycles().check(product);
    }

    /** The server's test jar (the testkit's servers): ArchUnit's own option knows test directories only. */
    private static boolean notATestJar(Location location) {
        return !location.contains("-tests.jar");
    }
}
