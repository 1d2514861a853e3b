<#-- The notice to a reader's previous address once their new one is confirmed (keycloak-extensions, mail/EmailChangeNoticeListenerProvider). -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("emailChangedBodyHtml", realmName))?no_esc}
</@layout.emailLayout>
