package dev.syncline.sim;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * A connected account of the simulated platform: its own dataset, event log and ground truth,
 * reached over HTTP with the platform key plus {@code Stripe-Account: <id>}. Its events carry
 * {@code account} and go to Connect webhook endpoints. Obtain one from
 * {@link StripeSimulator#connectedAccount(String)} or {@link StripeSimulator#addConnectedAccount(int)}.
 */
public final class ConnectedAccount {

    private final SimAccount state;
    private final StripeSimulator simulator;

    ConnectedAccount(SimAccount state, StripeSimulator simulator) {
        this.state = state;
        this.simulator = simulator;
    }

    /** {@code acct_…}, the value for {@code Stripe-Account}. */
    public String id() {
        return state.id;
    }

    /** The account object, as {@code GET /v1/accounts/{id}} returns it. */
    public Map<String, Object> account() {
        return state.account;
    }

    public GroundTruth groundTruth() {
        return state.groundTruth;
    }

    /** Whether the platform may act for it; see {@link StripeSimulator#deauthorize(String)}. */
    public boolean authorized() {
        return state.authorized;
    }

    public void authorize() {
        simulator.authorize(state.id);
    }

    public void deauthorize() {
        simulator.deauthorize(state.id);
    }

    /** As {@link StripeSimulator#create(String, Map)}, in this account. */
    public Map<String, Object> create(String objectType, Map<String, Object> object) {
        return state.mutations.create(StoreBackedGroundTruth.type(objectType), object);
    }

    /** As {@link StripeSimulator#update(String, String, Map)}, in this account. */
    public Map<String, Object> update(String objectType, String id, Map<String, ?> changes) {
        return state.mutations.update(StoreBackedGroundTruth.type(objectType), id, changes);
    }

    /** As {@link StripeSimulator#delete(String, String)}, in this account. */
    public boolean delete(String objectType, String id) {
        return state.mutations.delete(StoreBackedGroundTruth.type(objectType), id);
    }

    public boolean cancelSubscription(String id) {
        return state.mutations.cancelSubscription(id);
    }

    /** One random mutation with its event, see {@link StripeSimulator#mutate()}. */
    public @Nullable Map<String, Object> mutate() {
        return state.generator.step();
    }

    /** Random mutations at {@code perSecond} until disposed or the simulator closes. */
    public Disposable startMutations(double perSecond) {
        return simulator.track(state.generator.start(perSecond));
    }

    /** This account's events within the 30-day window, newest first; each carries {@code account}. */
    public List<Map<String, Object>> events() {
        return state.events();
    }

    @Override
    public String toString() {
        return "ConnectedAccount[" + state.id + ", " + state.groundTruth.count("customer") + " customers]";
    }
}
