/**
 * The running application: the Spring Boot context, the service that runs the pipelines, its
 * health, and {@link dev.syncline.runner.app.SynclineRuntime}, which starts and stops it all.
 */
@NullMarked
package dev.syncline.runner.app;

import org.jspecify.annotations.NullMarked;
