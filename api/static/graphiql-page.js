// TalentGraph's GraphiQL page (api/graphiql.py): GraphiQL 3 with the explorer plugin, every file
// served by TalentGraph itself. The query and variables being edited are kept in the address
// (?q=...&variables=...), so a link shares them; headers (a bearer token) are kept by GraphiQL in
// the browser's local storage, never in the address.
(function () {
  "use strict";

  var WELCOME = [
    "# TalentGraph's GraphQL API. Write a query here and run it with Ctrl-Enter (or the",
    "# play button); the Docs and Explorer buttons on the left list every field.",
    "#",
    "# With authentication on, open Headers below and enter",
    '#   {"Authorization": "Bearer <token>"}',
    "# (mint one with `talentgraph token --sub you@example.com --role admin`).",
    "",
    "{",
    '  role(id: "R00001") {',
    "    title",
    "    critical",
    "    orgUnit { name }",
    "  }",
    "}",
    "",
  ].join("\n");

  var address = new URLSearchParams(window.location.search);

  function keepInAddress(name) {
    return function (value) {
      var now = new URLSearchParams(window.location.search);
      if (value) {
        now.set(name, value);
      } else {
        now.delete(name);
      }
      var search = now.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    };
  }

  var props = {
    fetcher: GraphiQL.createFetcher({ url: window.location.pathname }),
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    defaultQuery: WELCOME,
    onEditQuery: keepInAddress("q"),
    onEditVariables: keepInAddress("variables"),
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    inputValueDeprecation: true,
  };
  if (address.get("q")) {
    props.query = address.get("q");
  }
  if (address.get("variables")) {
    props.variables = address.get("variables");
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, props));
})();
