package org.countersight.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event categories of taxonomy v1, the one list every service and the dashboard use. An article is a
 * surveillance event when it reports an actual or planned deployment, use, sale or abuse of surveillance
 * technology by a state or its agents (or a company on its behalf), or a court, legal or policy decision directly
 * about one; each event has one or more of these categories. docs/TAXONOMY.md explains them with examples.
 */
public final class Taxonomy {

    /** Goes into every tagged record's {@code versions.taxonomy}; bump it when a category is added or redefined. */
    public static final String VERSION = "1.1";

    /**
     * One category. {@code id} is the value on the wire and in the API's {@code category} parameter; the texts are
     * for people choosing or reading a category.
     */
    public record Category(String id, String label, String definition, String includes, String excludes) {
    }

    public static final List<Category> CATEGORIES = List.of(
            new Category("cctv", "CCTV",
                    "Camera networks for public monitoring.",
                    "Installing, expanding, funding or misusing public camera networks run by or for the state: street, "
                            + "transport, border and police body-worn cameras; automatic number-plate readers.",
                    "Reviews of home, doorbell or phone cameras; private shop cameras with no state use; cameras "
                            + "that also match faces are facial_recognition as well."),
            new Category("facial_recognition", "Facial recognition",
                    "Face matching and identification systems.",
                    "Live or retrospective face matching by police, border, transport or school authorities; face "
                            + "databases; bans, moratoria and court rulings on such use.",
                    "Unlocking one's own phone with a face; photo-app features; age estimation at a shop till."),
            new Category("drones", "Drones",
                    "Aerial surveillance drones.",
                    "Drones flown by police, border guards or the army to watch people, crowds, borders or protests; "
                            + "purchases of such drones.",
                    "Delivery drones, light shows, hobby and farm drones, and drone strikes or other weapons use."),
            new Category("internet_shutdown", "Internet shutdown",
                    "Government-ordered network or mobile-data shutdowns or throttling.",
                    "Nation-wide or regional cuts of the internet, mobile data or SMS ordered by an authority, also "
                            + "during exams or elections; deliberate slowing of connections.",
                    "Outages from cable cuts, power failures, storms or technical faults; a government budget "
                            + "\"shutdown\"."),
            new Category("censorship_firewall", "Censorship / firewall",
                    "National gateways, website blocking and firewall or deep-packet-inspection censorship.",
                    "Blocking websites or VPNs, national internet gateways, DPI equipment used to filter or censor, "
                            + "laws that order blocking.",
                    "Firewall vendors' earnings and product news; a company's own network security; content "
                            + "moderation by a platform on its own initiative."),
            new Category("social_media_ban", "Social media ban",
                    "Blocking or banning specific platforms or apps.",
                    "A state ordering a named platform, messenger or app blocked, suspended or banned, or removed "
                            + "from app stores.",
                    "A platform suspending one user's account; a company policy on staff phones; age limits that "
                            + "block nobody's access to a platform as such."),
            new Category("spyware", "Spyware",
                    "Intrusion software against phones and computers.",
                    "Commercial or state hacking tools (Pegasus, Predator and the like) found on or used against "
                            + "devices; their sale, licensing and the cases about them.",
                    "Ordinary malware and ransomware by criminals; a horse, airline or other thing that shares a "
                            + "spyware product's name."),
            new Category("biometric_id", "Biometric ID",
                    "Mass biometric or digital-ID collection.",
                    "National ID schemes that take fingerprints, irises or faces; biometric voter or SIM "
                            + "registration; digital-ID systems and rulings about them.",
                    "A fingerprint reader on one's own laptop; a single office's door-access system."),
            new Category("smart_city", "Safe / smart city",
                    "\"Safe city\" or \"smart city\" policing and monitoring projects.",
                    "Integrated city-wide monitoring and command centres sold or run as safe-city or smart-city "
                            + "projects for policing.",
                    "Smart-city projects only about traffic lights, parking, lighting or utility meters, with no "
                            + "monitoring of people."),
            new Category("data_monitoring", "Data monitoring",
                    "Monitoring of communications, social media or personal data.",
                    "Interception and bulk collection of calls, messages or metadata; social-media monitoring units; "
                            + "laws that make providers hand over or keep users' data for the state.",
                    "Advertising tracking and data breaches with no state use; a company reading its own logs."),
            new Category("protest_crackdown", "Protest crackdown",
                    "Technology used to find, track or suppress protesters or dissidents.",
                    "Identifying, tracing or arresting protesters, strikers, dissidents or activists with cameras, "
                            + "phone data, drones or online monitoring; shutdowns aimed at a protest, strike or dissent "
                            + "(1.1: only where the text reports a protest, strike or dissent met by the state).",
                    "Protests that no surveillance technology touches; crowd control with no monitoring; clashes "
                            + "between groups, militant or sectarian violence; journalists or critics watched with no "
                            + "protest or dissent reported (data_monitoring or spyware alone)."),
            new Category("vendor_export", "Vendor export",
                    "A named vendor supplying such technology to a government of another country.",
                    "Sales, contracts, loans and donations of surveillance technology by a named company to a "
                            + "foreign state; export licences and export bans for them.",
                    "A vendor's home-market sales; unnamed suppliers; sales of unrelated products."));

    private static final Map<String, Category> BY_ID = index();

    private Taxonomy() {
    }

    /** The category ids in taxonomy order. */
    public static List<String> ids() {
        return CATEGORIES.stream().map(Category::id).toList();
    }

    public static boolean isCategory(String id) {
        return id != null && BY_ID.containsKey(id);
    }

    public static Optional<Category> category(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    private static Map<String, Category> index() {
        Map<String, Category> byId = new LinkedHashMap<>();
        for (Category c : CATEGORIES) {
            if (byId.put(c.id(), c) != null) {
                throw new IllegalStateException("category listed twice: " + c.id());
            }
        }
        return Map.copyOf(byId);
    }
}
