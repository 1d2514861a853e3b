package dev.docsauth.keycloak.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The provider names a changelog that is in the jar and creates the index Keycloak's search predicate needs. */
class AttributeSearchIndexProviderTest {

    private final JpaEntityProvider provider = new AttributeSearchIndexProviderFactory().create(null);

    @Test
    void bringsNoEntitiesOnlyItsChangelog() {
        assertTrue(provider.getEntities().isEmpty());
        assertEquals(AttributeSearchIndexProviderFactory.ID, provider.getFactoryId());
        assertEquals(AttributeSearchIndexProviderFactory.ID, new AttributeSearchIndexProviderFactory().getId());
        assertEquals(AttributeSearchIndexProviderFactory.CHANGELOG, provider.getChangelogLocation());
    }

    @Test
    void theChangelogIndexesNameAndLowerCasedValue() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(provider.getChangelogLocation())) {
            assertNotNull(in, provider.getChangelogLocation() + " is not in the jar");
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document changelog = factory.newDocumentBuilder().parse(in);
            Element index = (Element) changelog.getElementsByTagName("createIndex").item(0);
            assertEquals("USER_ATTRIBUTE", index.getAttribute("tableName"));
            Element first = (Element) index.getElementsByTagName("column").item(0);
            Element second = (Element) index.getElementsByTagName("column").item(1);
            assertEquals("NAME", first.getAttribute("name"));
            assertEquals("LOWER(VALUE)", second.getAttribute("name"));
            assertEquals("true", second.getAttribute("computed"));
        }
    }
}
