// Starts Swagger UI on /docs. A file rather than an inline script: the server's CSP
// allows scripts from 'self' only. validatorUrl: null keeps the page from asking
// validator.swagger.io to check the spec (no internet, and the CSP would refuse it).
/* global SwaggerUIBundle */
window.addEventListener('DOMContentLoaded', () => {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', validatorUrl: null });
});
