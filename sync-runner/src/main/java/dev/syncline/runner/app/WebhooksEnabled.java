package dev.syncline.runner.app;

import dev.syncline.runner.config.SynclineConfig;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the configuration turns the webhook intake on ({@code stripe.webhook.secrets} is not
 * empty). Without a secret no event could be verified, so no endpoint is served at all.
 */
final class WebhooksEnabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var beans = context.getBeanFactory();
        return beans != null && beans.containsSingleton("synclineConfig")
                && beans.getBean("synclineConfig", SynclineConfig.class).webhooks().enabled();
    }
}
