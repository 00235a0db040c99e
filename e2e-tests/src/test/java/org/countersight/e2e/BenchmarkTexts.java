package org.countersight.e2e;

import java.util.List;
import java.util.Random;

/**
 * News-style texts of about 300 words for the whole-system benchmark, composed by this generator from sentence
 * patterns of our own (no copied news): a seeded mix of surveillance events (cameras, face matching, shutdowns,
 * spyware, drones, vendors) and everyday local news (budgets, roads, harvests, sport). Numbers, places, people
 * and the order of sentences vary per text, so no two texts are near-copies (the nlp near-duplicate check and
 * ingest's story fingerprints treat each as its own story).
 */
final class BenchmarkTexts {

    record Place(String city, String country) {
    }

    record Text(String title, String body, boolean event) {
        int words() {
            return body.split("\\s+").length;
        }
    }

    static final List<Place> PLACES = List.of(
            new Place("Nairobi", "Kenya"), new Place("Kampala", "Uganda"), new Place("Lagos", "Nigeria"),
            new Place("Accra", "Ghana"), new Place("Dhaka", "Bangladesh"), new Place("Lahore", "Pakistan"),
            new Place("Jakarta", "Indonesia"), new Place("Manila", "Philippines"), new Place("Lima", "Peru"),
            new Place("Quito", "Ecuador"), new Place("Belgrade", "Serbia"), new Place("Tbilisi", "Georgia"),
            new Place("Almaty", "Kazakhstan"), new Place("Tashkent", "Uzbekistan"), new Place("Harare", "Zimbabwe"),
            new Place("Lusaka", "Zambia"), new Place("Phnom Penh", "Cambodia"), new Place("Colombo", "Sri Lanka"),
            new Place("Kathmandu", "Nepal"), new Place("Caracas", "Venezuela"), new Place("Tunis", "Tunisia"),
            new Place("Rabat", "Morocco"), new Place("Addis Ababa", "Ethiopia"), new Place("Dakar", "Senegal"));
    static final List<String> VENDORS = List.of("Huawei", "Hikvision", "Dahua", "ZTE", "NSO Group", "Cellebrite",
            "Idemia", "Thales", "Palantir", "Clearview AI");
    static final List<String> PEOPLE = List.of("Amina Odhiambo", "Joseph Mensah", "Farida Rahman", "Luis Quispe",
            "Nadia Petrovic", "Tamar Beridze", "Ruth Banda", "Sok Chenda", "Ibrahim Diallo", "Maria Santos",
            "Omar Haddad", "Grace Mwale", "Daniel Kovac", "Priya Shrestha");
    static final List<String> GROUPS = List.of("a digital rights group", "the national bar association",
            "an opposition party", "a coalition of journalists", "a local residents' association",
            "a university research centre", "an independent election observer mission");

    /** The first sentence of an event text: a deployment, use, sale or abuse, with place and vendor slots. */
    private static final List<String> EVENT_LEADS = List.of(
            "Police in %1$s have switched on %3$d facial recognition cameras supplied by %2$s at junctions and bus stations across the city, matching passers-by against a watch list.",
            "Authorities in %4$s ordered a shutdown of mobile internet in %1$s for %3$d hours on the eve of a planned protest, operators confirmed.",
            "Investigators found that the phones of %3$d journalists and activists in %4$s were infected with spyware sold by %2$s, according to a forensic report.",
            "The interior ministry of %4$s signed a contract with %2$s to install %3$d surveillance cameras with face recognition in %1$s as part of a safe city project.",
            "Security forces in %1$s flew surveillance drones over a march of %3$d protesters and later used the footage to identify and arrest organisers, witnesses said.",
            "The government of %4$s blocked access to two social media platforms in %1$s and across the country for %3$d days after posts criticising the president spread online.",
            "Officials in %4$s began collecting fingerprints and face scans from %3$d residents of %1$s for a mandatory biometric identity card linked to a central database.");
    private static final List<String> EVENT_FOLLOWS = List.of(
            "%5$s of %6$s said the system had been installed without any public consultation or legal basis.",
            "A spokesperson for the ministry said the measure was needed to keep order and would be reviewed after %3$d days.",
            "Lawyers representing %6$s said they would challenge the decision in the high court of %4$s.",
            "Documents seen by reporters show the contract was worth about %3$d million dollars and was not put out to tender.",
            "Residents of %1$s said they had noticed new cameras on poles near markets, schools and the main mosque.",
            "%2$s did not respond to questions about the sale, while the police said the technology helped them find suspects faster.",
            "According to %6$s, at least %3$d people were questioned after their faces were matched by the system.",
            "The national data protection authority of %4$s said it had not been consulted before the system went live.",
            "Telecommunication operators said they had received the order in writing and had no choice but to comply.");
    /** Everyday news with no surveillance event. */
    private static final List<String> EVERYDAY = List.of(
            "The city council of %1$s approved a budget of %3$d million for road repairs and new street lighting in the eastern districts.",
            "Farmers near %1$s reported a good harvest of maize and beans this season after steady rains in the spring.",
            "The football club of %1$s won its home match by %7$d goals to one in front of %3$d supporters on Saturday.",
            "A new bridge over the river south of %1$s opened to traffic after %7$d years of construction, cutting journeys by half an hour.",
            "%5$s, a teacher from %1$s, was named head of the regional schools board and promised smaller classes.",
            "Officials in %4$s said inflation eased to %7$d percent last month as fuel and food prices fell.",
            "The central library of %1$s will stay open until nine in the evening during the exam period, the mayor said.",
            "Heavy traffic is expected on the main road to %1$s this weekend as %3$d visitors arrive for the music festival.",
            "The health ministry of %4$s opened %7$d new clinics in rural districts and hired nurses to staff them.",
            "Bus fares in %1$s will rise by %7$d cents from next month to pay for new vehicles, the transport authority said.",
            "A market fire in %1$s destroyed %7$d stalls overnight, but no one was hurt, the fire service said.",
            "Students in %1$s held a science fair where %3$d projects on solar power and clean water were shown.");

    /** A small grammar for the rest of each text: subject, verb, claim, place and time vary independently. */
    private static final List<String> SUBJECTS = List.of("The mayor", "A police spokesperson", "Local traders",
            "The transport minister", "Several residents", "A senior official", "Opposition lawmakers", "Hospital staff",
            "The regional governor", "Community leaders", "Market vendors", "A teachers' union", "Church leaders",
            "A local historian", "Taxi drivers", "The chamber of commerce");
    private static final List<String> VERBS = List.of("said", "complained", "announced", "warned", "confirmed",
            "argued", "insisted", "reported", "told reporters", "wrote in a statement", "estimated", "suggested");
    private static final List<String> THINGS = List.of("the new bus lanes", "the water tariff", "the harvest festival",
            "the night market", "the school calendar", "the hospital extension", "the fuel subsidy", "the ferry service",
            "the housing scheme", "the stadium repairs", "the power cuts", "the flood defences", "the rubbish collection",
            "the youth league", "the trade fair", "the cattle auction");
    private static final List<String> EFFECTS = List.of("cost more than planned", "bring jobs to young people",
            "be delayed until the dry season", "help small shops survive", "need another public hearing",
            "ease the morning queues", "divide the neighbourhood", "start before the holidays",
            "depend on a loan from the region", "please nobody entirely", "be paid for by a new levy",
            "reach the outer villages first", "be reviewed by an auditor", "change how families plan their week");
    private static final List<String> WHERE = List.of("in %s", "in the old quarter of %s", "near the main square of %s",
            "on the outskirts of %s", "across central %s", "in the northern suburbs of %s", "along the river in %s");
    private static final List<String> WHEN = List.of("on Monday", "on Tuesday", "on Wednesday", "on Thursday",
            "on Friday", "at the weekend", "earlier this week", "late on Sunday", "after a long meeting",
            "in a radio interview", "during a visit to a school", "at a crowded town hall");

    private final Random random;

    BenchmarkTexts(long seed) {
        this.random = new Random(seed);
    }

    /** A text of at least {@code minWords} words; an event text when {@code event}. */
    Text next(boolean event, int minWords) {
        Place place = pick(PLACES);
        String vendor = pick(VENDORS);
        List<String> fixed = new java.util.ArrayList<>();
        String lead = sentence(pick(event ? EVENT_LEADS : EVERYDAY), place, vendor);
        List<String> follows = new java.util.ArrayList<>(event ? EVENT_FOLLOWS : EVERYDAY);
        java.util.Collections.shuffle(follows, random);
        for (String f : follows.subList(0, 2)) {
            fixed.add(sentence(f, place, vendor));
        }
        StringBuilder body = new StringBuilder();
        if (event) {
            body.append(place.city().toUpperCase(java.util.Locale.ROOT)).append(", ").append(place.country()).append(" - ");
        }
        body.append(lead);
        while (body.toString().split("\\s+").length < minWords) {
            String next = !fixed.isEmpty() && random.nextInt(3) == 0 ? fixed.remove(0) : free(place);
            body.append(random.nextInt(5) == 0 ? "\n\n" : " ").append(next);
        }
        return new Text(headline(lead), body.toString(), event);
    }

    private String free(Place place) {
        // now and then another place, as news does (countries merely mentioned)
        Place where = random.nextInt(4) == 0 ? pick(PLACES) : place;
        return pick(SUBJECTS) + " " + pick(VERBS) + " that " + pick(THINGS) + " " + pick(WHERE).formatted(where.city())
                + " would " + pick(EFFECTS) + ", " + pick(WHEN) + ".";
    }

    private String sentence(String pattern, Place place, String vendor) {
        return String.format(java.util.Locale.ROOT, pattern, place.city(), vendor, 20 + random.nextInt(4980),
                place.country(), pick(PEOPLE), pick(GROUPS), 2 + random.nextInt(18));
    }

    private static String headline(String lead) {
        String[] words = lead.split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(10, words.length))).replaceAll("[,.]$", "");
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
