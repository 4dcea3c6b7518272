package dev.hearth.server.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.server.resource.ResourceIds;
import org.junit.jupiter.api.Test;

class UserIdsTest {
    @Test
    void idsDerivedFromEmailsAreValidAndStable() {
        for (String email : new String[] {"alice@example.com", "Bob.Smith@x.org", "42@numbers.io", "---@x.y", "a".repeat(90) + "@z.z"}) {
            String id = Users.idFromEmail(email);
            assertNull(ResourceIds.problem(id), email + " -> " + id);
            assertEquals(id, Users.idFromEmail(email));
        }
        assertTrue(Users.idFromEmail("alice@example.com").startsWith("alice-"));
        assertTrue(Users.idFromEmail("42@numbers.io").startsWith("user-"));
    }
}
