package dev.syncline.connector.hubspot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.EgressAllowList;
import org.junit.jupiter.api.Test;

/** The connector sends only through the context's guarded client (design guarantee 5). */
class EgressDisciplineTest {
    private static final JavaClasses CONNECTOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.syncline.connector.hubspot");

    @Test
    void noHttpClientButTheGuardedOne() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("reactor.netty..", "java.net.http..", "io.netty..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .check(CONNECTOR);
    }

    @Test
    void noGuardedClientOfItsOwn() {
        noClasses().should().callMethod(GuardedHttpClient.class, "builder", EgressAllowList.class).check(CONNECTOR);
    }
}
