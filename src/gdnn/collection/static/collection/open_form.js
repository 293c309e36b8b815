// "Open a form": the unit box starts on the user's own unit for their own form; choosing another
// data set clears it while it still holds that default (a unit of another level would find nothing).
(function () {
  "use strict";
  const dataSet = document.getElementById("id_dataset");
  const unit = document.getElementById("id_org_unit");
  if (!dataSet || !unit) return;
  dataSet.addEventListener("change", function () {
    if (unit.defaultValue && unit.value === unit.defaultValue) unit.value = "";
  });
})();
