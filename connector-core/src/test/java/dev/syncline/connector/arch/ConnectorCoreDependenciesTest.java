package dev.syncline.connector.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * connector-core is the contract every connector builds on; it must stay free of Spring, of the
 * runner and of any connector. The enforcer rule in the pom guards the dependencies; this test
 * guards the code.
 */
class ConnectorCoreDependenciesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.syncline.connector");

    @Test
    void coreUsesNoSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
    }

    @Test
    void coreUsesNoRunnerOrConnector() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.syncline.runner..", "dev.syncline.connector.postgres..")
                .check(CORE);
    }

    @Test
    void coreKeepsJacksonOutOfItsSignatures() {
        noClasses().that().resideOutsideOfPackage("dev.syncline.connector.record")
                .should().dependOnClassesThat().resideInAPackage("tools.jackson..")
                .check(CORE);
    }
}
