<#ftl output_format="plainText">
<#-- The notice to a reader's previous address once their new one is confirmed (keycloak-extensions, mail/EmailChangeNoticeListenerProvider). -->
${msg("emailChangedBody", realmName)}
