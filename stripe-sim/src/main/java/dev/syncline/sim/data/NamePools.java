package dev.syncline.sim.data;

import java.util.List;
import java.util.Random;

/** Word lists for plausible people, companies and products; emails stay on reserved example domains. */
final class NamePools {

    static final List<String> FIRST_NAMES = List.of(
            "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Isabella", "Mateo",
            "Mia", "Lucas", "Charlotte", "Levi", "Harper", "Ethan", "Evelyn", "James", "Aria", "Aiden",
            "Chloé", "Jonas", "Lena", "Finn", "Hannah", "Luca", "Sofia", "Leon", "Marie", "Paul",
            "Yuki", "Hiro", "Priya", "Arjun", "Fatima", "Omar", "Zoe", "Mason", "Nora", "Felix",
            "Ingrid", "Lars", "Camille", "Hugo", "Giulia", "Marco", "Ana", "Diego", "Aisha", "Kwame");

    static final List<String> LAST_NAMES = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
            "Martinez", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Martin", "Bernard",
            "Rossi", "Russo", "Ferrari", "Tanaka", "Suzuki", "Sato", "Patel", "Sharma", "Khan", "Ali",
            "Nguyen", "Kim", "Lee", "Park", "Andersson", "Johansson", "Nielsen", "Hansen", "O'Brien",
            "Murphy", "Walsh", "Kowalski", "Nowak", "Silva", "Santos", "Costa", "Okafor", "Mensah",
            "Cohen", "Levi", "Novak", "Horvat");

    static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");

    static final List<String> COMPANY_WORDS = List.of(
            "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell",
            "Cyberdyne", "Soylent", "Wonka", "Gringotts", "Oscorp", "Aperture", "Black Mesa");

    static final List<String> PRODUCT_ADJECTIVES = List.of(
            "Starter", "Basic", "Standard", "Pro", "Premium", "Business", "Team", "Enterprise", "Growth",
            "Scale", "Plus", "Ultimate", "Essential", "Advanced");

    static final List<String> PRODUCT_NOUNS = List.of(
            "Plan", "Seats", "Storage", "Analytics", "Support", "API Access", "Workspace", "Hosting",
            "Backups", "Monitoring", "Reports", "Add-on", "Bundle", "License");

    private NamePools() {}

    static String pick(Random random, List<String> pool) {
        return pool.get(random.nextInt(pool.size()));
    }
}
