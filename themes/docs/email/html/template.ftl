<#--
  The layout of every HTML mail, overriding base's (a bare <html><body>): mail clients drop <style> blocks and
  external stylesheets, so the look is in inline styles here, once, and the mails' own templates stay base's.
  One column, at most 560 px wide and fluid below it, so it reads at 320 px; right to left from `ltr` as base's.
  The reader's first name is the only reader-typed value shown; FreeMarker escapes it (HTML output format).
-->
<#assign brand = "#2e8555"><#-- the login theme's primary colour (themes/docs/login/resources/css/docs.css) -->
<#assign font = "system-ui,-apple-system,'Segoe UI',Roboto,Ubuntu,'Noto Sans',Arial,sans-serif">
<#macro emailLayout>
<#assign dir = (ltr)?then('ltr','rtl')>
<#-- The mail's body is its message, sanitised by kcSanitize: its links become the call-to-action button here. -->
<#assign body><#nested></#assign>
<#assign button = "display:inline-block;padding:12px 24px;background-color:${brand};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">
<!DOCTYPE html>
<html lang="${locale.language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${realmName}</title>
</head>
<body style="margin:0;padding:0;background-color:#f5f6f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f5f6f7;">
<tr>
<td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${dir}" style="table-layout:fixed;max-width:560px;background-color:#ffffff;border:1px solid #dadde1;border-radius:8px;">
<tr>
<td style="padding:16px 24px;background-color:${brand};border-radius:8px 8px 0 0;font-family:${font};font-size:22px;font-weight:bold;line-height:1.3;color:#ffffff;">${realmName}</td>
</tr>
<tr>
<td class="docs-mail-body" style="padding:24px;font-family:${font};font-size:16px;line-height:1.5;color:#1c1e21;word-wrap:break-word;overflow-wrap:anywhere;">
<#if (user.firstName)?has_content><p class="docs-mail-greeting">${msg("docsMailGreeting", user.firstName)}</p></#if>
${body?markup_string?replace('<a href="', '<a style="${button}" href="')?no_esc}
</td>
</tr>
<tr>
<td style="padding:16px 24px;border-top:1px solid #dadde1;font-family:${font};font-size:13px;line-height:1.5;color:#525860;">${msg("docsMailFooter", realmName)}</td>
</tr>
</table>
</td>
</tr>
</table>
</body>
</html>
</#macro>
