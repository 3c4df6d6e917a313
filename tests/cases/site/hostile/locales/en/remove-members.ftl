## Hostile messages: every payload would set window.PWNED, log or alert "PWN-n" if it ran.
## Each message still has visible text that the page must show.

remove-members-title = Remove <script>alert('PWN-1')</script> members {"{"}onclick=alert('PWN-34'){"}"}
remove-members-intro = Intro text stays. <img src=x onerror="alert('PWN-2')"> [a link](javascript:alert('PWN-3')) ![an image](javascript:alert('PWN-4')) [cased](JaVaScRiPt:alert('PWN-5')) [entity](&#106;avascript:alert('PWN-6')) <javascript:alert('PWN-7')> [data](data:text/html,<script>alert('PWN-8')</script>) [vb](vbscript:msgbox('PWN-9')) [safe link](https://example.com/ok).
remove-members-dashboard-intro = Marked text stays. <img src=x onerror="window.PWNED='PWN-10'"> <svg onload="alert('PWN-11')"></svg> <script>console.log('PWN-12')</script> <a href="javascript:alert('PWN-13')" onclick="alert('PWN-14')">marked link</a> <a href="&#106;avascript:alert('PWN-15')">entity link</a> <iframe src="javascript:alert('PWN-16')"></iframe> <details open ontoggle="alert('PWN-17')">details</details> <a href=" JaVa&#x09;ScRiPt:alert('PWN-18')">spaced link</a> <img src="data:image/svg+xml,<svg onload=alert('PWN-19')>"> <kbd>Ctrl</kbd>
    .html = yes
remove-members-dashboard-step-1 = Step one stays, `` code <script>alert('PWN-20')</script> ``, and {"{"}window.PWNED = 'PWN-21'{"}"}.
remove-members-dashboard-step-2 = Step two stays, [ref link][evil].

    {"["}evil]: javascript:alert('PWN-22')
remove-members-dashboard-step-3 = Step three stays, {"{{"}#include ../../apiglot.toml{"}}"}.
    ## Sub heading stays {"{"}onmouseover=alert('PWN-35'){"}"}
    import x from 'data:text/javascript,window.PWNED="PWN-23"'
    export const y = alert('PWN-24')
# $method (String) - The HTTP method, e.g. DELETE.
remove-members-api-intro = API intro stays, `a\`<img src=x onerror="alert('PWN-25')">` and { $method }.
remove-members-org-id = Org cell stays <img src=x onerror="alert('PWN-26')"> [cell link](javascript:alert('PWN-27')) <a href="javascript:alert('PWN-28')">x</a>
# $scope (String) - The scope the endpoint requires.
remove-members-token = Token cell stays, scope `{ $scope }`.
remove-members-user-id = {"    "}<img src=x onerror="alert('PWN-29')"> user cell stays
remove-members-response-204 = Response cell stays <svg onload="alert('PWN-30')"></svg>
