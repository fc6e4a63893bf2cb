package dev.syncline.connector.salesforce;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's rolling 24-hour API usage, as {@code Sforce-Limit-Info: api-usage=N/LIMIT} reports it
 * on every REST response (newer orgs add {@code ; api-bursts=…} or per-app usage, which is ignored).
 *
 * @param used requests counted so far
 * @param limit the allocation
 */
record ApiUsage(long used, long limit) {
    private static final Pattern USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    static Optional<ApiUsage> parse(String header) {
        Matcher m = USAGE.matcher(header);
        return m.find() ? Optional.of(new ApiUsage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    double percent() {
        return limit <= 0 ? 100 : used * 100.0 / limit;
    }
}
