package dev.docsauth.keycloak.password;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class UserInputsTest {

    @Test
    void anAddressGivesItsLocalPartItsWordsAndItsDomain() {
        assertEquals(List.of("jane.doe+docs@mail.example.com", "jane.doe+docs", "janedoedocs", "jane", "doe", "docs",
                "mail", "example", "com"), new UserInputs().add(" Jane.Doe+docs@Mail.Example.com ").words());
    }

    @Test
    void namesAreLowerCasedSplitAndNotRepeated() {
        assertEquals(List.of("marie-claire", "marie", "claire", "docs"),
                new UserInputs().add("Marie-Claire").add("marie").add(null).add("  ").add("Docs").words());
        assertEquals(List.of("عائشة"), new UserInputs().add("عائشة").words());
        assertEquals(List.of("@jane", "jane"), new UserInputs().add("@jane").words(), "a handle, not an address");
    }
}
