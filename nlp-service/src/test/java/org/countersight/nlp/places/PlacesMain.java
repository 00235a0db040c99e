package org.countersight.nlp.places;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Measurements, not tests (run by hand):
 * {@code java -cp ... org.countersight.nlp.places.PlacesMain [dev.jsonl]} prints the gazetteer's load time and
 * retained heap, and with a dev file the resolver's country recall and precision on its fold A (records whose
 * SHA-256(id) first byte is even), with no context countries.
 */
public final class PlacesMain {

    public static void main(String[] args) throws Exception {
        Runtime rt = Runtime.getRuntime();
        gc();
        long before = rt.totalMemory() - rt.freeMemory();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        PlaceIndex index = PlaceIndex.load();
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        long loadCpuMs = (cpu.getCurrentThreadCpuTime() - c0) / 1_000_000;
        gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf("places: %,d places, %,d names; first load %d ms wall, %d ms CPU of the loading thread;"
                + " retained heap %.1f MB%n", index.size(), index.names(), loadMs, loadCpuMs, (after - before) / 1e6);
        for (int i = 0; i < 3; i++) {
            c0 = cpu.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            PlaceIndex.load();
            System.out.printf("reload %d: %d ms wall, %d ms CPU%n", i + 1, (System.nanoTime() - t0) / 1_000_000,
                    (cpu.getCurrentThreadCpuTime() - c0) / 1_000_000);
        }
        if (args.length > 0) {
            foldA(new PlaceResolver(index), Path.of(args[0]), args.length > 1);
        }
    }

    private static void foldA(PlaceResolver resolver, Path dev, boolean verbose) throws IOException, NoSuchAlgorithmException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new java.util.ArrayList<>();
        int records = 0, withPlace = 0, correct = 0, wrong = 0, mentions = 0, rightMentions = 0;
        for (String line : Files.readAllLines(dev, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = json.readTree(line);
            byte first = MessageDigest.getInstance("SHA-256").digest(r.get("id").asText().getBytes(StandardCharsets.UTF_8))[0];
            if ((first & 1) != 0) {
                continue; // fold B: not looked at
            }
            texts.add(r.path("title").asText("") + "\n" + r.path("text").asText(""));
            Set<String> gold = new HashSet<>();
            r.path("label").path("countries").forEach(c -> gold.add(c.asText()));
            if (verbose) {
                String all = r.path("title").asText("") + "\n" + r.path("text").asText("");
                for (PlaceMention m : resolver.find(all, List.of(), Set.of())) {
                    System.out.println("FOUND " + gold + " " + m.name() + " " + m.countryCode() + " " + m.kind() + " " + m.confidence());
                }
            }
            if (gold.isEmpty()) {
                continue;
            }
            records++;
            String text = r.path("title").asText("") + "\n" + r.path("text").asText("");
            List<PlaceMention> found = resolver.find(text, List.of(), Set.of());
            if (found.isEmpty()) {
                if (verbose) System.out.println("MISS " + r.get("id").asText() + " " + gold);
                continue;
            }
            withPlace++;
            // the record's predicted country: the most frequent resolved country, ties to the first named
            String predicted = majority(found);
            if (gold.contains(predicted)) {
                correct++;
            } else {
                wrong++;
            }
            for (PlaceMention m : found) {
                mentions++;
                if (gold.contains(m.countryCode())) rightMentions++;
                else if (verbose) System.out.println("WRONG " + r.get("id").asText() + " " + gold + " " + m);
            }
        }
        System.out.printf("find(): %d fold-A texts, %.2f ms each on average (wall, after one warm-up pass)%n",
                texts.size(), timeFind(resolver, texts));
        System.out.printf("fold A: %d records with country labels; resolver found a place in %d; record country right %d,"
                        + " wrong %d -> recall %.3f, precision %.3f; mentions %d, in a gold country %d (%.3f)%n",
                records, withPlace, correct, wrong, (double) correct / records, (double) correct / Math.max(1, withPlace),
                mentions, rightMentions, (double) rightMentions / Math.max(1, mentions));
    }

    private static double timeFind(PlaceResolver resolver, List<String> texts) {
        for (String t : texts) {
            resolver.find(t);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            for (String t : texts) {
                resolver.find(t);
            }
        }
        return (System.nanoTime() - t0) / 1e6 / (5.0 * texts.size());
    }

    private static String majority(List<PlaceMention> found) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (PlaceMention m : found) counts.merge(m.countryCode(), 1, Integer::sum);
        return counts.entrySet().stream().max((a, b) -> Integer.compare(a.getValue(), b.getValue())).orElseThrow().getKey();
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
