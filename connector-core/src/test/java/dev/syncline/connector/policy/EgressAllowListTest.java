package dev.syncline.connector.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allow-list against matches, near misses and bypass attempts. One list for every case:
 * an exact endpoint, a subtree, a wildcard subtree, a non-default port, an IP address and a
 * Postgres server.
 */
class EgressAllowListTest {
    private static final EgressAllowList LIST = EgressAllowList.of(
            List.of("https://hooks.example.com/stripe/ingest",
                    "https://api.crm.example/v3/",
                    "https://*.eu.example.org/sync/",
                    "https://localhost:8443/in/",
                    "https://10.1.2.3/hook/"),
            List.of("r2dbc:postgresql://warehouse.internal:5432/analytics"));

    static Stream<Arguments> urls() {
        return Stream.of(
                // matches
                allowed("https://hooks.example.com/stripe/ingest", "the exact endpoint"),
                allowed("https://HOOKS.Example.COM/stripe/ingest", "host case does not matter"),
                allowed("HTTPS://hooks.example.com/stripe/ingest", "scheme case does not matter"),
                allowed("https://hooks.example.com:443/stripe/ingest", "the default port spelled out"),
                allowed("https://hooks.example.com./stripe/ingest", "a trailing dot on the host"),
                allowed("https://hooks.example.com/stripe/ingest?x=1#frag", "query and fragment do not decide"),
                allowed("https://hooks.example.com/stripe/%69ngest", "an escaped unreserved character"),
                allowed("https://hooks.example.com/stripe/./ingest", "a dot segment"),
                allowed("https://api.crm.example/v3/objects/contacts", "below a subtree"),
                allowed("https://api.crm.example/v3/", "the subtree itself"),
                allowed("https://a.eu.example.org/sync/x", "a wildcard's one label"),
                allowed("https://a.b.eu.example.org/sync/x", "a wildcard's several labels"),
                allowed("https://localhost:8443/in/batch", "a listed non-default port"),
                allowed("https://10.1.2.3/hook/x", "a listed IP address"),
                allowed("https://0x0a.1.2.3/hook/x", "the same IP address in hex"),
                allowed("https://167838211/hook/x", "the same IP address as one number"),
                allowed("https://[::ffff:10.1.2.3]/hook/x", "the same IP address mapped into IPv6"),
                allowed("r2dbc:postgresql://warehouse.internal:5432/analytics", "a listed database"),
                allowed("r2dbc:postgresql://syncline:secret@warehouse.internal/analytics", "credentials and the default port"),
                allowed("R2DBC:PostgreSQL://Warehouse.Internal:5432/analytics?sslmode=require", "case and options"),
                // near misses
                denied("https://hooks.example.com/stripe/ingest/more", "below an exact endpoint"),
                denied("https://hooks.example.com/stripe/ingestx", "a longer endpoint"),
                denied("https://hooks.example.com/stripe/", "the parent of an endpoint"),
                denied("https://api.crm.example/v3", "the subtree without its slash"),
                denied("https://api.crm.example/v30/x", "a sibling that shares a prefix"),
                denied("https://api.crm.example:8443/v3/x", "another port"),
                denied("https://eu.example.org/sync/x", "the bare domain of a wildcard"),
                denied("https://a.eu.example.org/other/", "a wildcard host outside its path"),
                denied("https://a.eu.example.org.evil.com/sync/x", "a listed domain as a prefix of another"),
                denied("https://evileu.example.org/sync/x", "a suffix without a dot"),
                denied("https://localhost/in/x", "a listed host without its port"),
                denied("https://hooks.example.co/stripe/ingest", "another TLD"),
                denied("r2dbc:postgresql://warehouse.internal:5432/other", "another database"),
                denied("r2dbc:postgresql://warehouse.internal:5433/analytics", "another Postgres port"),
                denied("r2dbc:mysql://warehouse.internal:5432/analytics", "another driver"),
                // bypass attempts
                denied("http://hooks.example.com/stripe/ingest", "plain HTTP"),
                denied("https://hooks.example.com@evil.com/stripe/ingest", "a listed host as user-info"),
                denied("https://evil.com\\@hooks.example.com/stripe/ingest", "a backslash"),
                denied("https://evil.com#@hooks.example.com/stripe/ingest", "a fragment that looks like user-info"),
                denied("https://api.crm.example/v3/../admin", "a dot-dot segment out of a subtree"),
                denied("https://api.crm.example/v3/%2e%2e/admin", "an escaped dot-dot segment"),
                denied("https://api.crm.example/v3/..%2fadmin", "an escaped slash, which some servers decode"),
                denied("https://hooks.example.com%2eevil.com/stripe/ingest", "an escaped dot in the host"),
                denied("https://hooks.example.com:443.evil.com/stripe/ingest", "a fake port"),
                denied("https://127.0.0.1:8443/in/x", "the loopback address for a listed name"),
                denied("https://0x7f000001:8443/in/x", "loopback in hex"),
                denied("https://10.1.2.4/hook/x", "a neighbouring IP address"),
                denied("https://hooks.example.com /stripe/ingest", "whitespace"),
                denied("https://hooks.example.com\t/stripe/ingest", "a control character"),
                denied("https://api.stripe.com/v1/customers", "Stripe's API"),
                denied("//hooks.example.com/stripe/ingest", "a scheme-relative URL"),
                denied("javascript:alert(1)", "not a URL with a host"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("urls")
    void anOutboundUrlIsAllowedOnlyIfAListedEntryCoversItsCanonicalForm(String url, boolean allowed, String why) {
        Decision decision = LIST.check(url);

        assertThat(decision.allowed()).as(url + ": " + decision.reason()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(decision.reason()).isNotBlank();
        }
    }

    static Stream<Arguments> refusedEntries() {
        return Stream.of(
                Arguments.of("http://hooks.example.com/in/", "https://"),
                Arguments.of("https://hooks.example.com/", "must contain a path"),
                Arguments.of("https://hooks.example.com", "must contain a path"),
                Arguments.of("https://api.*.example.com/in/", "left-most"),
                Arguments.of("https://a*.example.com/in/", "left-most"),
                Arguments.of("https://*.com/in/", "top-level domain"),
                Arguments.of("https://api.stripe.com/v1/", "Stripe"),
                Arguments.of("https://*.stripe.com/v1/", "Stripe"),
                Arguments.of("https://files.stripe.com./v1/", "Stripe"),
                Arguments.of("https://user@hooks.example.com/in/", "user-info"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedEntries")
    void aConnectSrcEntryBreakingTheManifestRulesIsRefused(String entry, String reason) {
        assertThatThrownBy(() -> EgressAllowList.of(List.of(entry), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonHttpEntries")
    void aNonHttpEntryMayNotStandInForConnectSrc(String entry, String reason) {
        assertThatThrownBy(() -> EgressAllowList.of(List.of(), List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    static Stream<Arguments> nonHttpEntries() {
        return Stream.of(
                Arguments.of("https://hooks.example.com/in/", "connect-src"),
                Arguments.of("r2dbc:postgresql://*.internal/db", "wildcard"));
    }

    @Test
    void anEmptyListRefusesEverythingAndSaysSo() {
        assertThat(EgressAllowList.denyAll().check("https://hooks.example.com/in/").reason()).contains("empty");
    }

    @Test
    void aDatabasePasswordNeverAppearsInTheReason() {
        Decision decision = LIST.check("r2dbc:postgresql://syncline:s3cret@elsewhere:5432/analytics");

        assertThat(decision.denied()).isTrue();
        assertThat(decision.reason()).doesNotContain("s3cret");
    }

    private static Arguments allowed(String url, String why) {
        return Arguments.of(url, true, why);
    }

    private static Arguments denied(String url, String why) {
        return Arguments.of(url, false, why);
    }
}
