<#-- The proof of work (ALTCHA's widget) and the honeypot of the sign-in and sign-up forms. Both show only when our
     form action or authenticator `proof-of-work` put a challenge on the page (the attribute `proofOfWork`);
     themes/README.md, "Proof of work". -->

<#-- The widget solves the challenge as soon as the page is shown, while the reader types, and puts the solution in
     a hidden field of the form; it shows nothing (display "invisible"). js/proofOfWork.js holds back a form sent
     before the solution is there until it is. -->
<#macro widget>
    <#if proofOfWork??>
        <altcha-widget id="docs-proof-of-work" name="${proofOfWork.field()}" challenge="${proofOfWork.challenge()}"
            auto="onload" display="invisible"></altcha-widget>
        <script type="module" src="${url.resourcesPath}/vendor/altcha/altcha.min.js"></script>
        <script type="module" src="${url.resourcesPath}/js/proofOfWork.js"></script>
    </#if>
</#macro>

<#-- A field no person sees or reaches (not displayed, out of the tab order, no autofill); a bot that fills in every
     field of the form fills it in, and the sign-up is refused. -->
<#macro honeypot>
    <#if proofOfWork??>
        <div class="docs-honeypot">
            <label for="${proofOfWork.honeypot()}">${msg("honeypotLabel")}</label>
            <input type="text" id="${proofOfWork.honeypot()}" name="${proofOfWork.honeypot()}" value="" tabindex="-1" autocomplete="off"/>
        </div>
    </#if>
</#macro>
