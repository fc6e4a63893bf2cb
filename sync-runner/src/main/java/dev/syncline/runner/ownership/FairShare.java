package dev.syncline.runner.ownership;

/**
 * How work spread over replicas is divided: a replica takes pieces up to its fair share and leaves
 * the rest for the others, and the one Stripe budget is split evenly so the replicas together never
 * exceed it. Pure arithmetic, so the rules are tested on their own.
 */
public final class FairShare {
    private FairShare() {
    }

    /**
     * How many of {@code pieces} one of {@code replicas} live replicas takes: rounded up, so the
     * pieces are all taken even when they do not divide evenly (the last replica to look may end
     * with fewer).
     */
    public static int share(int pieces, int replicas) {
        if (pieces <= 0) {
            return 0;
        }
        int live = Math.max(1, replicas);
        return (pieces + live - 1) / live;
    }

    /** How many more pieces a replica holding {@code held} may take, given its share. */
    public static int toTake(int held, int share) {
        return Math.max(0, share - held);
    }

    /**
     * How many pieces a replica holding {@code held} gives back, so that a replica that joined
     * (or one that holds less) can take them: what it holds beyond its share.
     */
    public static int toGiveBack(int held, int share) {
        return Math.max(0, held - share);
    }

    /**
     * One replica's rate out of a budget of {@code requestsPerSecond} for all replicas: an even
     * split among the live ones, so their sum stays within the budget.
     */
    public static double rate(double requestsPerSecond, int replicas) {
        return requestsPerSecond / Math.max(1, replicas);
    }
}
