package dev.hearth.server.apikeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyMaterialTest {
    @Test
    void keysAreRandomWellFormedAndVerifiedOnlyByTheirSaltedHash() {
        String key = KeyMaterial.newKey();
        assertTrue(KeyMaterial.wellFormed(key), key);
        assertNotEquals(key, KeyMaterial.newKey());
        assertTrue(KeyMaterial.newKeyId().matches("key_[0-9A-Za-z]{16}"));
        String salt = KeyMaterial.newSalt();
        String hash = KeyMaterial.hash(salt, key);
        assertEquals(64, hash.length());
        assertTrue(KeyMaterial.matches(salt, hash, key));
        assertFalse(KeyMaterial.matches(KeyMaterial.newSalt(), hash, key), "the salt is part of the hash");
        assertFalse(KeyMaterial.matches(salt, hash, KeyMaterial.newKey()));
        assertEquals(key.substring(0, 8), KeyMaterial.prefix(key));
        assertFalse(KeyMaterial.wellFormed("fw_short"));
        assertFalse(KeyMaterial.wellFormed("xx_" + "a".repeat(32)));
        assertFalse(KeyMaterial.wellFormed("fw_" + "é".repeat(32)));
    }
}
