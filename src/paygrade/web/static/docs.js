// Swagger UI over /openapi.json, from the app's own files: no CDN, no inline script.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // never send the schema to validator.swagger.io
    presets: [SwaggerUIBundle.presets.apis],
  });
});
