// The card form: Stripe Elements collects the card in Stripe's own fields and confirms
// the SetupIntent with Stripe from the browser; only the SetupIntent's id comes back to
// Code24, never the card's number.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof window.Stripe !== "function") {
    var failed = document.getElementById("card-error");
    if (failed) {
      failed.textContent = "Stripe's card form did not load. Check your connection and reload the page.";
      failed.hidden = false;
    }
    return;
  }
  var stripe = window.Stripe(form.dataset.stripeKey);
  var elements = stripe.elements();
  var card = elements.create("card", { hidePostalCode: false });
  var error = document.getElementById("card-error");
  var submit = document.getElementById("card-submit");
  card.mount("#card-element");
  submit.disabled = false;

  function show(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  card.on("change", function (event) {
    show(event && event.error ? event.error.message : "");
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = "Saving…";
    show("");
    var name = document.getElementById("card-name").value.trim();
    var data = { payment_method: { card: card } };
    if (name) {
      data.payment_method.billing_details = { name: name };
    }
    stripe.confirmCardSetup(form.dataset.clientSecret, data).then(function (result) {
      if (result.error) {
        show(result.error.message || "Your card was declined. Try another card.");
        submit.disabled = false;
        submit.textContent = "Save card";
        return;
      }
      form.elements.setup_intent.value = result.setupIntent.id;
      form.submit();
    });
  });
})();
