import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.docsauth.keycloak.pow.ProofOfWork;
import dev.docsauth.keycloak.pow.ProofOfWorkSettings;
import org.altcha.altcha.Altcha;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.util.JsonSerialization;

/**
 * Our server's CPU per sign-up for the proof of work (bench/proof-of-work/proof_of_work_bench.py runs it): making
 * one challenge (the sign-up page) and checking one solution (the sign-up POST), with our jar's ProofOfWork at the
 * default cost. The single-use store is a map here (Keycloak's is Infinispan: one local put more on a single node).
 * Prints one JSON line: medians over rounds of the per-operation thread CPU time, in microseconds.
 *
 * <pre>java -cp keycloak-extensions/target/docs-keycloak-extensions-*.jar:$KEYCLOAK_HOME/lib/lib/main/'*' ProofOfWorkCost.java [rounds]</pre>
 */
public class ProofOfWorkCost {

    static final class MapStore implements SingleUseObjectProvider {
        final Map<String, Long> entries = new ConcurrentHashMap<>();
        public void put(String key, long lifespan, Map<String, String> notes) { entries.put(key, lifespan); }
        public Map<String, String> get(String key) { return null; }
        public Map<String, String> remove(String key) { return null; }
        public boolean replace(String key, Map<String, String> notes) { return false; }
        public boolean putIfAbsent(String key, long lifespan) { return entries.putIfAbsent(key, lifespan) == null; }
        public boolean contains(String key) { return entries.containsKey(key); }
        public void close() { }
    }

    static String solve(String challengeJson) throws Exception {
        Map<?, ?> c = JsonSerialization.readValue(challengeJson, Map.class);
        Altcha.Solution s = Altcha.solveChallenge((String) c.get("challenge"), (String) c.get("salt"),
                Altcha.Algorithm.SHA256, ((Number) c.get("maxnumber")).longValue(), 0);
        Map<String, Object> p = Map.of("algorithm", c.get("algorithm"), "challenge", c.get("challenge"),
                "number", s.number, "salt", c.get("salt"), "signature", c.get("signature"));
        return Base64.getEncoder().encodeToString(JsonSerialization.writeValueAsBytes(p));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = 200;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ProofOfWork pow = new ProofOfWork("k".repeat(64), ProofOfWorkSettings.DEFAULTS, new MapStore(), Instant::now);
        // the solutions are made beforehand (the browser's work), so only the server's side is timed
        List<Double> challengeUs = new ArrayList<>();
        List<Double> checkUs = new ArrayList<>();
        for (int r = 0; r < rounds + 2; r++) {
            List<String> solutions = new ArrayList<>();
            long t0 = cpu.getCurrentThreadCpuTime();
            List<String> challenges = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                challenges.add(pow.challenge());
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (String c : challenges.subList(0, 20)) {
                solutions.add(solve(c));
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            for (String s : solutions) {
                if (pow.check(s) != ProofOfWork.Verdict.SOLVED) {
                    throw new IllegalStateException("a solution did not pass");
                }
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            if (r >= 2) {  // two warm-up rounds for the JIT
                challengeUs.add((t1 - t0) / 1000.0 / perRound);
                checkUs.add((t3 - t2) / 1000.0 / solutions.size());
            }
        }
        System.out.printf("{\"challenge_us\": %.1f, \"check_us\": %.1f, \"rounds\": %d}%n",
                median(challengeUs), median(checkUs), rounds);
    }
}
